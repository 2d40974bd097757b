@_exported import SpecModel
