import Foundation
import SpecRuntime
