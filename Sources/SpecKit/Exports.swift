@_exported import SpecJSON
@_exported import SpecModel
