#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A growable array of plain values without reference counting or uniqueness checks, for the
/// parser's hot loop. It may start in memory owned by someone else and moves to its own heap
/// block only when that fills up. The owner must call `deallocate()` exactly once.
///
/// Its own blocks come from `malloc` and change size with `realloc`, which moves a large block by remapping
/// its pages rather than copying them: growing or trimming the node array of a 5 MB document never holds
/// two copies of it. A detached block is freed with `free`.
struct RawStack<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int
    private var ownsMemory: Bool

    /// Uses `initial` (borrowed: it must outlive the stack's use of it) until it is full.
    init(borrowing initial: UnsafeMutablePointer<Element>, capacity: Int) {
        base = initial
        self.capacity = max(capacity, 0)
        ownsMemory = false
    }

    /// Starts with its own heap block of `capacity` elements.
    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = Self.resize(nil, to: self.capacity)
        ownsMemory = true
    }

    /// `realloc` of `block` (nil: a new one) to `count` elements; stops the process when memory is exhausted, as
    /// every Swift allocation does.
    private static func resize(_ block: UnsafeMutablePointer<Element>?, to count: Int) -> UnsafeMutablePointer<Element>
    {
        guard let raw = realloc(block, max(count, 1) * MemoryLayout<Element>.stride) else {
            fatalError(
                "out of memory: cannot allocate \(count * MemoryLayout<Element>.stride) bytes for a JSON document")
        }
        return raw.bindMemory(to: Element.self, capacity: max(count, 1))
    }

    /// Hands the elements over in a `malloc` block that the caller must `free`; the stack no longer owns it.
    /// The block is trimmed to size when much of it would be unused.
    mutating func detach() -> UnsafeMutablePointer<Element> {
        if !ownsMemory {
            let copy = Self.resize(nil, to: count)
            copy.initialize(from: base, count: count)
            base = copy
            capacity = max(count, 1)
        } else if capacity > 2 * count + 4096 {
            base = Self.resize(base, to: count)
            capacity = max(count, 1)
        }
        ownsMemory = false
        return base
    }

    /// Frees the stack's own heap block, if it has one.
    func deallocate() {
        if ownsMemory { free(base) }
    }

    var isEmpty: Bool { count == 0 }

    var last: Element? { count > 0 ? base[count - 1] : nil }

    subscript(index: Int) -> Element {
        get { base[index] }
        set { base[index] = newValue }
    }

    /// Moves to a smaller heap block when this one is far larger than its contents (after a very
    /// large container closed), so that its pages do not stay resident for the rest of the parse.
    mutating func shrinkIfSparse() {
        guard ownsMemory, capacity > 1 << 16, capacity > 8 * count else { return }
        let newCapacity = max(2 * count, 1 << 12)
        base = Self.resize(base, to: newCapacity)
        capacity = newCapacity
    }

    /// Makes room for `n` more elements, growing the way `append` does.
    @inline(__always)
    mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        (base + count).initialize(to: element)
        count += 1
    }

    /// Appends `n` elements copied from `source` (which must not be inside this stack's storage
    /// beyond `count`).
    @inline(__always)
    mutating func append(from source: UnsafePointer<Element>, count n: Int) {
        if count + n > capacity { grow(to: count + n) }
        (base + count).initialize(from: source, count: n)
        count += n
    }

    @inline(__always)
    mutating func popLast() -> Element? {
        guard count > 0 else { return nil }
        count -= 1
        return base[count]
    }

    @inline(__always)
    mutating func removeLast(_ n: Int) { count -= n }

    @inline(never)
    private mutating func grow(to minimum: Int) {
        let newCapacity = max(capacity * 2, minimum, 16)
        if ownsMemory {
            base = Self.resize(base, to: newCapacity)
        } else {
            let newBase = Self.resize(nil, to: newCapacity)
            newBase.initialize(from: base, count: count)
            base = newBase
        }
        capacity = newCapacity
        ownsMemory = true
    }

    /// A copy of the elements as an array.
    func toArray() -> [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
