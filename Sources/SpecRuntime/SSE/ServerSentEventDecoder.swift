/// One server-sent event.
public struct ServerSentEvent: Sendable, Hashable {
    /// The event type: the last `event:` field, or `message` when there was none.
    public var event: String
    /// The `data:` fields joined with line feeds.
    public var data: String
    /// The last event id seen on the stream so far (ids carry over to later events), or `nil` if none was sent.
    public var id: String?
    /// The reconnection time in milliseconds from a `retry:` field of this event, if any.
    public var retry: Int?

    /// Creates an event.
    public init(event: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }
}

/// Why a server-sent event stream was rejected.
public enum ServerSentEventError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A line was longer than the decoder accepts.
    case lineTooLong(limit: Int)
    /// An event's data and type together were larger than the decoder accepts.
    case eventTooLarge(limit: Int)

    /// What went wrong, in words.
    public var description: String {
        switch self {
        case .lineTooLong(let limit):
            "a server-sent event line is longer than the limit of \(limit) bytes"
        case .eventTooLarge(let limit):
            "a server-sent event is larger than the limit of \(limit) bytes"
        }
    }
}

/// An incremental decoder of the `text/event-stream` format (WHATWG HTML, "Server-sent events").
///
/// Feed it bytes as they arrive with ``decode(_:)``; it returns the events completed so far. Lines may end in LF,
/// CRLF or a lone CR (also when a CR ends one chunk and its LF starts the next); a byte order mark at the start is
/// skipped; comment lines (starting with `:`) are ignored; a field line without a colon is a field with an empty
/// value; one space after the colon is removed. Events without any `data:` field are not reported.
///
/// Memory stays bounded: a line longer than ``maximumLineLength`` or an event whose data and type exceed
/// ``maximumEventSize`` throws ``ServerSentEventError`` before more is buffered. After an error the decoder stays
/// failed and throws the same error again.
///
/// Call ``finish()`` when the stream ends: an event that was not ended by a blank line is discarded, as the
/// standard requires, and `finish()` says whether that happened.
public struct ServerSentEventDecoder: Sendable {
    /// The default longest line: 1 MiB.
    public static let defaultMaximumLineLength = 1024 * 1024
    /// The default largest event: 16 MiB.
    public static let defaultMaximumEventSize = 16 * 1024 * 1024

    /// The longest line accepted, in bytes, without its line ending.
    public let maximumLineLength: Int
    /// The largest event accepted: the bytes of its data (with the joining line feeds) and its type.
    public let maximumEventSize: Int

    private var line: [UInt8] = []
    private var lastWasCR = false
    private var atStart = true
    private var startBytes: [UInt8] = []
    private var eventType: [UInt8]?
    private var data: [UInt8] = []
    private var hasData = false
    private var retry: Int?
    private var lastEventID: String?
    private var eventStarted = false
    private var failure: ServerSentEventError?

    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Creates a decoder with the given limits (in bytes).
    public init(
        maximumLineLength: Int = defaultMaximumLineLength, maximumEventSize: Int = defaultMaximumEventSize
    ) {
        self.maximumLineLength = max(1, maximumLineLength)
        self.maximumEventSize = max(1, maximumEventSize)
    }

    /// Whether bytes of an event that is not complete yet have been seen.
    public var hasPartialEvent: Bool {
        eventStarted || !line.isEmpty || (atStart && !startBytes.isEmpty)
    }

    /// Decodes the next bytes of the stream and returns the events they complete, in order.
    public mutating func decode(_ bytes: some Sequence<UInt8>) throws(ServerSentEventError) -> [ServerSentEvent] {
        if let failure { throw failure }
        var events: [ServerSentEvent] = []
        do {
            var chunk = Array(bytes)
            if atStart {
                startBytes.append(contentsOf: chunk)
                if startBytes.count < Self.byteOrderMark.count, Self.byteOrderMark.starts(with: startBytes) {
                    return []
                }
                atStart = false
                chunk = startBytes.starts(with: Self.byteOrderMark) ? Array(startBytes.dropFirst(3)) : startBytes
                startBytes = []
            }
            try scan(chunk, into: &events)
        } catch {
            failure = error
            line = []
            data = []
            throw error
        }
        return events
    }

    /// Ends the stream; returns `true` if an incomplete event was discarded. The decoder can then decode a new
    /// stream (the last event id is kept).
    @discardableResult
    public mutating func finish() -> Bool {
        let discarded = hasPartialEvent
        line = []
        lastWasCR = false
        atStart = true
        startBytes = []
        resetEvent()
        return discarded
    }

    private mutating func scan(_ chunk: [UInt8], into events: inout [ServerSentEvent]) throws(ServerSentEventError) {
        var index = chunk.startIndex
        while index < chunk.endIndex {
            if lastWasCR {
                lastWasCR = false
                if chunk[index] == Self.lf {
                    index += 1
                    continue
                }
            }
            guard let end = chunk[index...].firstIndex(where: { $0 == Self.lf || $0 == Self.cr }) else {
                try appendToLine(chunk[index...])
                return
            }
            if line.isEmpty {
                guard end - index <= maximumLineLength else { throw .lineTooLong(limit: maximumLineLength) }
                try process(chunk[index..<end], into: &events)
            } else {
                try appendToLine(chunk[index..<end])
                let complete = line
                line.removeAll(keepingCapacity: true)
                try process(complete[...], into: &events)
            }
            lastWasCR = chunk[end] == Self.cr
            index = end + 1
        }
    }

    private mutating func appendToLine(_ bytes: ArraySlice<UInt8>) throws(ServerSentEventError) {
        guard line.count + bytes.count <= maximumLineLength else { throw .lineTooLong(limit: maximumLineLength) }
        line.append(contentsOf: bytes)
    }

    private mutating func process(_ line: ArraySlice<UInt8>, into events: inout [ServerSentEvent])
        throws(ServerSentEventError)
    {
        guard let first = line.first else {
            dispatch(into: &events)
            return
        }
        if first == UInt8(ascii: ":") { return }
        let name: ArraySlice<UInt8>
        var value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            name = line[line.startIndex..<colon]
            value = line[(colon + 1)...]
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
        } else {
            name = line
            value = []
        }
        eventStarted = true
        switch String(decoding: name, as: UTF8.self) {
        case "event":
            try checkSize(adding: value.count - (eventType?.count ?? 0))
            eventType = Array(value)
        case "data":
            try checkSize(adding: value.count + 1)
            data.append(contentsOf: value)
            data.append(Self.lf)
            hasData = true
        case "id":
            if !value.contains(0) { lastEventID = String(decoding: value, as: UTF8.self) }
        case "retry":
            if !value.isEmpty, value.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let milliseconds = Int(String(decoding: value, as: UTF8.self))
            {
                retry = milliseconds
            }
        default:
            break
        }
    }

    private func checkSize(adding count: Int) throws(ServerSentEventError) {
        if data.count + (eventType?.count ?? 0) + count > maximumEventSize {
            throw .eventTooLarge(limit: maximumEventSize)
        }
    }

    private mutating func dispatch(into events: inout [ServerSentEvent]) {
        defer { resetEvent() }
        guard hasData else { return }
        if data.last == Self.lf { data.removeLast() }
        let type = eventType.map { String(decoding: $0, as: UTF8.self) } ?? ""
        events.append(
            ServerSentEvent(
                event: type.isEmpty ? "message" : type, data: String(decoding: data, as: UTF8.self), id: lastEventID,
                retry: retry))
    }

    private mutating func resetEvent() {
        eventType = nil
        data.removeAll(keepingCapacity: data.count <= 64 * 1024)
        hasData = false
        retry = nil
        eventStarted = false
    }
}
