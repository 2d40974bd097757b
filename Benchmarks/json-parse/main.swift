// Timing for SpecKit's JSON parser against Foundation's JSONSerialization.
// Run with ./run.sh (release build); not part of the test suite.
import Foundation
import SpecKit

/// Touched between runs of a "cold" measurement to push the input out of the CPU caches.
var evictor = [UInt8](repeating: 1, count: 64 << 20)

@MainActor func measure(_ label: String, bytes: Int, repeats: Int, cold: Bool = false, _ body: () -> Void) {
    body()  // warm up
    var best = Double.infinity
    for _ in 0..<repeats {
        if cold {
            for k in stride(from: 0, to: evictor.count, by: 64) { evictor[k] &+= 1 }
        }
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    let mbs = Double(bytes) / 1e6 / best
    let padded = label.padding(toLength: 48, withPad: " ", startingAt: 0)
    print(padded + String(format: "%9.2f ms  %8.0f MB/s", best * 1000, mbs))
}

var generator = SystemRandomNumberGenerator()
let base64 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

// 1. A 5 MB request that is mostly one base64 string.
var big = Array(#"{"model": "vision-large", "input": [{"type": "image", "media_type": "image/png", "data": ""#.utf8)
for _ in 0..<5_000_000 { big.append(base64[Int(generator.next() % 64)]) }
big += Array(#""}], "max_tokens": 1024, "temperature": 0.7}"#.utf8)

// 2. Small requests (~1.5 KB, pretty-printed, some non-ASCII and escapes).
func smallRequest(_ k: Int) -> [UInt8] {
    var text = "{\n  \"model\": \"chat-small-\(k % 7)\",\n  \"messages\": [\n"
    let words = ["hello", "world", "größe", "naïve", "the", "quick", "brown", "fox", "日本語", "json\\n", "tab\\t"]
    for m in 0..<6 {
        var content = ""
        for w in 0..<22 { content += words[(k + m * 7 + w * 3) % words.count] + " " }
        text += "    {\"role\": \"\(m % 2 == 0 ? "user" : "assistant")\", \"content\": \"\(content)\", \"index\": \(m)}"
        text += m == 5 ? "\n" : ",\n"
    }
    text += "  ],\n  \"max_tokens\": \(256 + k % 1000),\n  \"temperature\": 0.\(k % 10),\n  \"stream\": false,\n"
    text +=
        "  \"stop\": [\"\\n\\n\", \"END\"],\n  \"metadata\": {\"user_id\": \"u-\(k)\", \"tags\": [1, 2.5, -3e2, null, true]}\n}\n"
    return Array(text.utf8)
}
let smallCount = 10_000
let smalls = (0..<smallCount).map(smallRequest)
let smallBytes = smalls.reduce(0) { $0 + $1.count }

// 3. A 5 MB file of many small values (generic throughput).
var records = "[\n"
var recordIndex = 0
while records.utf8.count < 5_000_000 {
    records +=
        "  {\"id\": \(recordIndex), \"name\": \"item \(recordIndex)\", \"price\": \(recordIndex % 997).\(recordIndex % 100), "
    records += "\"tags\": [\"a\", \"b\"], \"active\": \(recordIndex % 3 == 0), \"parent\": null},\n"
    recordIndex += 1
}
records += "  {}\n]\n"
let many = Array(records.utf8)

if CommandLine.arguments.dropFirst().first == "profile-records" {
    for _ in 0..<300 { _ = JSONParser.parse(many, file: "many.json") }
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "profile-small" {
    for _ in 0..<200 { for s in smalls { _ = JSONParser.parse(s, file: "s.json") } }
    exit(0)
}
print(
    "big: \(big.count) bytes; records: \(many.count) bytes, \(recordIndex) records; small: \(smallCount) files, \(smallBytes / smallCount) bytes average"
)
precondition(JSONParser.parse(big, file: "big.json").document != nil)
precondition(smalls.allSatisfy { JSONParser.parse($0, file: "s.json").diagnostics.isEmpty })

measure("SpecKit  parse 5 MB big-string file", bytes: big.count, repeats: 20) {
    _ = JSONParser.parse(big, file: "big.json")
}
measure("SpecKit  parse 5 MB big-string file, cold cache", bytes: big.count, repeats: 10, cold: true) {
    _ = JSONParser.parse(big, file: "big.json")
}
measure("SpecKit  parse + .string + scalarCount (big)", bytes: big.count, repeats: 20) {
    let doc = JSONParser.parse(big, file: "big.json").document
    let data = doc?.root.member("input")?[0]?.member("data")
    precondition(data?.stringScalarCount == 5_000_000 && data?.string?.utf8.count == 5_000_000)
}
let bigData = Data(big)
measure("JSONSerialization 5 MB big-string file", bytes: big.count, repeats: 10) {
    _ = try? JSONSerialization.jsonObject(with: bigData)
}
measure("SpecKit  parse 5 MB of small records", bytes: many.count, repeats: 10) {
    _ = JSONParser.parse(many, file: "many.json")
}
let manyData = Data(many)
measure("JSONSerialization 5 MB of small records", bytes: many.count, repeats: 5) {
    _ = try? JSONSerialization.jsonObject(with: manyData)
}
measure("SpecKit  parse 10,000 small files (memory)", bytes: smallBytes, repeats: 10) {
    for s in smalls { _ = JSONParser.parse(s, file: "s.json") }
}
let smallDatas = smalls.map { Data($0) }
measure("JSONSerialization 10,000 small files (memory)", bytes: smallBytes, repeats: 5) {
    for s in smallDatas { _ = try? JSONSerialization.jsonObject(with: s) }
}

// 3. Read + parse from disk, as the CLI does.
let dir = FileManager.default.temporaryDirectory.appendingPathComponent("json-parse-bench-\(getpid())")
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: dir) }
let paths = (0..<smallCount).map { dir.appendingPathComponent("r\($0).json").path }
for (path, bytes) in zip(paths, smalls) { FileManager.default.createFile(atPath: path, contents: Data(bytes)) }

func readFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { return nil }
    let size = Int(info.st_size)
    return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        var done = 0
        while done < size, let base = buffer.baseAddress {
            let r = read(fd, base + done, size - done)
            if r <= 0 { break }
            done += r
        }
        count = done
    }
}
measure("read only (open/fstat/read) 10,000 files", bytes: smallBytes, repeats: 5) {
    for path in paths { _ = readFile(path) }
}
measure("read only (FileManager.contents) 10,000 files", bytes: smallBytes, repeats: 5) {
    for path in paths { _ = FileManager.default.contents(atPath: path).map { [UInt8]($0) } }
}
measure("SpecKit  read + parse 10,000 small files", bytes: smallBytes, repeats: 5) {
    for path in paths {
        if let bytes = readFile(path) { _ = JSONParser.parse(bytes, file: path) }
    }
}
measure("JSONSerialization read + parse 10,000 small", bytes: smallBytes, repeats: 3) {
    for path in paths {
        if let data = FileManager.default.contents(atPath: path) { _ = try? JSONSerialization.jsonObject(with: data) }
    }
}
