import MonitorEngine
import MonitorRules

extension EngineCounters {
    /// The report's `engine` object: records the windows could not place normally, features
    /// the reference never had, and the label join's bookkeeping, so that nothing is lost silently.
    public var jsonValue: JSONValue {
        .object([
            ("late_records", .int(lateRecords)),
            ("dropped_records", .int(droppedRecords)),
            ("records_without_timestamp", .int(recordsWithoutTimestamp)),
            ("records_with_new_features", .int(recordsWithNewFeatures)),
            ("new_features", .array(newFeatures.map(JSONValue.string))),
            ("new_features_not_listed", .int(unlistedNewFeatures)),
            ("task_problems", .object(taskProblems.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("label_join", .object([
                ("matched_labels", .int(matchedLabels)),
                ("pending_predictions", .int(pendingPredictions)),
                ("held_labels", .int(heldLabels)),
                ("evicted_predictions", .int(evictedPredictions)),
                ("unmatched_labels", .int(unmatchedLabels)),
                ("duplicate_labels", .int(duplicateLabels)),
                ("duplicate_predictions", .int(duplicatePredictions)),
                ("unusable_labels", .int(unusableLabels)),
                ("horizon_seconds", labelHorizonSeconds.map(JSONValue.number) ?? .null),
                ("horizon", .string(labelHorizonSource)),
                ("label_wait_seconds", labelWaitSeconds.map(JSONValue.number) ?? .null),
            ])),
        ])
    }
}

extension EngineCounters {
    /// The label horizon as the report and the screen say it: `45m (learned)`, `learning`,
    /// `2h (configured)`, `none`.
    public var labelHorizonText: String {
        guard let seconds = labelHorizonSeconds else {
            switch labelHorizonSource {
            case "learning": return "learning (bounded by max_pending until 1,000 matches)"
            case "untimed": return "untimed (bounded by max_pending: a source has no times)"
            default: return "none"
            }
        }
        let length = seconds >= 1e9 ? ">31y" : NumberText.duration(seconds)
        // A learned horizon keeps labels waiting for their prediction less long.
        if let wait = labelWaitSeconds, wait < seconds {
            return "\(length) (\(labelHorizonSource); a label waits \(NumberText.duration(wait)) for its prediction)"
        }
        return "\(length) (\(labelHorizonSource))"
    }
}
