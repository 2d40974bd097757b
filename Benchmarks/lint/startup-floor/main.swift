// The start-up floor for Benchmarks/lint/startup.sh: the least a Swift tool does to check one request file —
// read it and decode it with FoundationEssentials' JSONDecoder into a typed (partial) Messages request model.
// Exits 0 when it decodes, 1 otherwise. Built with `swiftc -O` by startup.sh.
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

struct Request: Decodable {
    enum Content: Decodable {
        case text(String)
        case blocks([Block])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
            } else {
                self = .blocks(try container.decode([Block].self))
            }
        }
    }

    struct Block: Decodable {
        var type: String
        var text: String?
    }

    struct Message: Decodable {
        var role: String
        var content: Content
    }

    var model: String
    var max_tokens: Int
    var messages: [Message]
    var temperature: Double?
    var stream: Bool?
}

guard CommandLine.arguments.count == 2, let data = FileManager.default.contents(atPath: CommandLine.arguments[1])
else { exit(2) }
do {
    _ = try JSONDecoder().decode(Request.self, from: data)
    exit(0)
} catch {
    exit(1)
}
