@_exported import SpecValidation
