@_exported import SpecRuntime
