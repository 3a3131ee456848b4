extension EngineCounters {
    /// The report's `engine` object: records the windows could not place normally, and the
    /// label join's bookkeeping, so that nothing is lost silently.
    public var jsonValue: JSONValue {
        .object([
            ("late_records", .int(lateRecords)),
            ("dropped_records", .int(droppedRecords)),
            ("records_without_timestamp", .int(recordsWithoutTimestamp)),
            ("label_join", .object([
                ("matched_labels", .int(matchedLabels)),
                ("pending_predictions", .int(pendingPredictions)),
                ("held_labels", .int(heldLabels)),
                ("evicted_predictions", .int(evictedPredictions)),
                ("unmatched_labels", .int(unmatchedLabels)),
                ("duplicate_labels", .int(duplicateLabels)),
                ("duplicate_predictions", .int(duplicatePredictions)),
            ])),
        ])
    }
}
