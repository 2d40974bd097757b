import Foundation

// Support for the clients that spec-gen writes. Generated code imports it with
// `@_spi(Generated) import SpecRuntime`; it is not API for hand-written code.

extension ClientCore {
    /// A call's options with the spec's fixed headers and the enabled features added.
    ///
    /// The feature header is added only when neither the call nor the configuration sets it, so an explicit
    /// header always wins.
    ///
    /// - Parameters:
    ///   - options: The call's options.
    ///   - features: The features the client enables.
    ///   - featureHeader: The header that names enabled features, if the spec has one.
    ///   - fixedHeaders: Headers whose value the spec fixes; they replace any the call sets.
    @_spi(Generated)
    public func options(
        _ options: RequestOptions,
        enabling features: Set<String>,
        featureHeader: String?,
        fixedHeaders: [(name: String, value: String)] = []
    ) -> RequestOptions {
        var options = options
        if let featureHeader, !features.isEmpty, !options.headers.contains(featureHeader),
            !configuration.headers.contains(featureHeader)
        {
            options.headers.replaceOrAdd(name: featureHeader, value: features.sorted().joined(separator: ","))
        }
        for header in fixedHeaders {
            options.headers.replaceOrAdd(name: header.name, value: header.value)
        }
        return options
    }

    /// The features a call may use: those its feature header names (the call's, else the configuration's),
    /// else the enabled ones.
    @_spi(Generated)
    public func features(in options: RequestOptions, enabled: Set<String>, featureHeader: String) -> Set<String> {
        guard let header = options.headers[featureHeader] ?? configuration.headers[featureHeader] else {
            return enabled
        }
        return Set(header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }
}
