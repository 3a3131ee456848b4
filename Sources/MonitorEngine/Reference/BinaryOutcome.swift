/// Reads a label or a served decision as positive or negative (docs/statistics.md, "Which records
/// count where").
///
/// Accepted: 0/1 numbers (`1.0` is 1), bools, the texts `true`/`false` and `0`/`1`, and class
/// strings compared with the configuration's `positive_label`. Anything else is not a binary
/// outcome (`nil`): such a label is counted as unusable rather than guessed.
public enum BinaryOutcome {
    /// Whether `value` means the positive class; `nil` when it cannot be read as either class.
    public static func isPositive(_ value: FeatureValue, positiveLabel: String?) -> Bool? {
        switch value {
        case .bool(let flag):
            return flag
        case .number(let number):
            if let positiveLabel, let text = SegmentDimension.text(of: value), text == positiveLabel { return true }
            if number == 1 { return true }
            if number == 0 { return false }
            return positiveLabel == nil ? nil : false
        case .string(let text):
            if let positiveLabel { 
                if text == positiveLabel { return true }
            }
            switch text {
            case "1", "true", "True", "TRUE": return true
            case "0", "false", "False", "FALSE": return false
            default: return positiveLabel == nil ? nil : false
            }
        case .null, .invalidNumber, .unsupported:
            return nil
        }
    }
}
