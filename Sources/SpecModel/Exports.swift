@_exported import SpecDiagnostics
