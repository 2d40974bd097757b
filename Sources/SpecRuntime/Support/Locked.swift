import Foundation
import SpecValidation

/// A value guarded by a lock, for state shared with callbacks that run outside Swift concurrency: the package's
/// one lock, from SpecValidation.
typealias Locked = SpecValidation.Locked

extension Duration {
    /// The duration in seconds as a floating-point number.
    var inSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
