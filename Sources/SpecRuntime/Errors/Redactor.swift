import Foundation

/// Replaces secrets (API keys, tokens) with `[REDACTED]` in text, bytes and headers.
struct Redactor: Sendable, Hashable {
    /// What a secret is replaced with.
    static let placeholder = "[REDACTED]"

    /// The secrets, longest first (so a secret containing another is replaced whole).
    let secrets: [String]

    /// Creates a redactor for the given secrets; empty strings are ignored. Each secret is also matched in its
    /// JSON-escaped form (`/` written as `\/`).
    init(secrets: [String]) {
        var all: Set<String> = []
        for secret in secrets where !secret.isEmpty {
            all.insert(secret)
            if secret.contains("/") { all.insert(secret.replacingOccurrences(of: "/", with: "\\/")) }
        }
        self.secrets = all.sorted { $0.utf8.count != $1.utf8.count ? $0.utf8.count > $1.utf8.count : $0 < $1 }
    }

    /// A redactor that changes nothing.
    static let none = Redactor(secrets: [])

    /// The shortest start of a secret that is still treated as the secret when a message cut
    /// it off (messages shorten long values to 57 characters and a `…`).
    static let minimumCutPrefix = 8

    /// `text` with every secret replaced, including a secret cut short by a message (`sk-ant-api03-abc…`).
    func redact(_ text: String) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: Self.placeholder)
        }
        guard text.contains("…") else { return text }
        for secret in secrets where secret.count > Self.minimumCutPrefix {
            for length in stride(from: secret.count - 1, through: Self.minimumCutPrefix, by: -1) {
                let cut = String(secret.prefix(length)) + "…"
                if text.contains(cut) { text = text.replacingOccurrences(of: cut, with: Self.placeholder + "…") }
            }
        }
        return text
    }

    /// `bytes` with every secret (as UTF-8) replaced.
    func redact(_ bytes: Data) -> Data {
        guard !secrets.isEmpty, !bytes.isEmpty else { return bytes }
        var current = [UInt8](bytes)
        var changed = false
        let replacement = Array(Self.placeholder.utf8)
        for secret in secrets {
            let needle = Array(secret.utf8)
            guard needle.count <= current.count else { continue }
            var output: [UInt8] = []
            var index = 0
            var found = false
            while index < current.count {
                if current[index] == needle[0], index + needle.count <= current.count,
                    current[index..<(index + needle.count)].elementsEqual(needle)
                {
                    output.append(contentsOf: replacement)
                    index += needle.count
                    found = true
                } else {
                    output.append(current[index])
                    index += 1
                }
            }
            if found {
                current = output
                changed = true
            }
        }
        return changed ? Data(current) : bytes
    }

    /// `headers` with every secret replaced in the values.
    func redact(_ headers: HTTPHeaders) -> HTTPHeaders {
        guard !secrets.isEmpty else { return headers }
        return HTTPHeaders(headers.fields.map { HTTPHeader(name: $0.name, value: redact($0.value)) })
    }
}
