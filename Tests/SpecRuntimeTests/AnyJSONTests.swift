import Foundation
import Testing

@testable import SpecRuntime

@Suite struct AnyJSONTests {
    @Test func parsesAndKeepsMemberOrder() throws {
        let text = #"{"z":1,"a":[true,false,null],"m":{"y":"é\n\u00e9\ud83d\ude00","b":-2.5e3},"big":9007199254740993}"#
        let value = try AnyJSON(parsing: text)
        #expect(value.objectValue?.map(\.key) == ["z", "a", "m", "big"])
        #expect(value["m"]?.objectValue?.map(\.key) == ["y", "b"])
        #expect(value["m"]?["y"]?.stringValue == "é\né😀")
        #expect(value["m"]?["b"] == .integer(-2500))
        #expect(value["big"] == .integer(9_007_199_254_740_993))
        #expect(value["a"]?[2]?.isNull == true)
        #expect(value["a"]?[3] == nil)
        #expect(value["missing"] == nil)
        #expect(
            value.serialized()
                == #"{"z":1,"a":[true,false,null],"m":{"y":"é\n\#u{e9}😀","b":-2500},"big":9007199254740993}"#)
    }

    @Test func numbers() throws {
        #expect(try AnyJSON(parsing: "1.5") == .double(1.5))
        #expect(try AnyJSON(parsing: "1.0") == .integer(1))
        #expect(try AnyJSON(parsing: "-0") == .integer(0))
        #expect(try AnyJSON(parsing: "9223372036854775807") == .integer(.max))
        #expect(try AnyJSON(parsing: "9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try AnyJSON(parsing: "1e2").int64Value == 100)
        #expect(AnyJSON.integer(1) == AnyJSON.double(1.0))
        #expect(AnyJSON.integer(1).hashValue == AnyJSON.double(1.0).hashValue)
        #expect(AnyJSON.double(0.1).serialized() == "0.1")
        #expect(AnyJSON.double(.infinity).serialized() == "null")
    }

    @Test func rejectsInvalidJSON() {
        for text in ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "tru", "\"\u{01}\"", "[1] x", "\"\\x\""] {
            #expect(throws: AnyJSON.ParseError.self, "\(text)") { _ = try AnyJSON(parsing: text) }
        }
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: AnyJSON.ParseError.self) { _ = try AnyJSON(parsing: deep) }
    }

    @Test func objectEqualityIgnoresOrder() {
        let a: AnyJSON = ["x": 1, "y": [1, 2]]
        let b: AnyJSON = ["y": [1, 2], "x": 1.0]
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != ["x": 1])
        #expect(Set([a, b]).count == 1)
    }

    @Test func codableRoundTrip() throws {
        let value: AnyJSON = [
            "name": "tool", "count": 3, "ratio": 0.25, "flag": true, "nothing": nil,
            "list": [1, "two", ["three": 3]], "huge": .integer(9_007_199_254_740_993),
        ]
        let data = try JSONEncoder().encode(value)
        let decoded = try JSONDecoder().decode(AnyJSON.self, from: data)
        #expect(decoded == value)
        #expect(decoded["huge"] == .integer(9_007_199_254_740_993))
        #expect(decoded["ratio"] == .double(0.25))
        #expect(decoded["flag"] == .bool(true))
        #expect(try JSONDecoder().decode(AnyJSON.self, from: Data("1.0".utf8)) == .integer(1))
    }

    @Test func worksAsAFieldOfACodableType() throws {
        struct Tool: Codable, Hashable {
            var name: String
            var input: AnyJSON
        }
        let tool = try JSONDecoder().decode(Tool.self, from: Data(#"{"name":"t","input":{"a":[1,{"b":null}]}}"#.utf8))
        #expect(tool.input["a"]?[1]?["b"] == .null)
        #expect(try JSONDecoder().decode(Tool.self, from: JSONEncoder().encode(tool)) == tool)
    }

    @Test func accessors() {
        let value: AnyJSON = ["s": "x", "n": 2, "d": 2.5, "b": false, "a": [], "o": [:]]
        #expect(value["s"]?.stringValue == "x")
        #expect(value["n"]?.int64Value == 2)
        #expect(value["n"]?.doubleValue == 2)
        #expect(value["d"]?.int64Value == nil)
        #expect(value["b"]?.boolValue == false)
        #expect(value["a"]?.arrayValue?.isEmpty == true)
        #expect(value["o"]?.objectValue?.isEmpty == true)
        #expect(value["o"]?.kind == "object")
        #expect(value.description == #"{"s":"x","n":2,"d":2.5,"b":false,"a":[],"o":{}}"#)
    }
}
