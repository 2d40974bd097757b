import Testing

@testable import SpecGeneratorCore

@Suite struct RendererTests {
    @Test func placeholder() {}
}
