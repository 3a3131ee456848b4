/// The `modeltop.yaml` written beside the scenario's data: the reference, the logs, the
/// segments, the business value of each outcome, and one alert rule per episode
/// (docs/log-format.md, "Configuration file").
public enum ScenarioConfigFile {
    /// The configuration text for a story told by `timeline`.
    public static func text(timeline: ScenarioTimeline) -> String {
        func start(_ episode: Episode) -> String {
            ScenarioSummary.timestamp(timeline.start(of: episode))
        }
        return """
        # modeltop configuration for the sample-data scenario: the card-fraud model
        # fraud-detector, champion v3 with a shadow challenger v4. See README.md for the story.
        model: \(CardFraudModel.modelName)
        reference: reference.csv
        predictions: ["predictions.jsonl"]
        labels: ["labels.jsonl"]
        segments: [country, device]
        threshold: \(CardFraudModel.threshold)
        window: 1h
        bucket: 1m
        drift:
          numeric: psi
          categorical: psi
          bins: 10
          warn: 0.1
          alert: 0.2
        business:
          tp: "value"
          fn: "-value"
          fp: -5
          tn: 0
        alerts:
          # Latency spike from \(start(.latencySpike)).
          - name: latency spike
            metric: latency_p99
            scope: global
            above: 120
            for: 2m
            severity: warning
          # Amounts triple in Brazil from \(start(.amountDrift)).
          - name: amount drift in Brazil
            metric: drift
            scope: segment:country=\(CardFraudModel.driftCountry)
            above: 0.2
            for: 5m
            severity: high
          # Fraud becomes rare on web from \(start(.conceptDrift)): precision collapses there.
          - name: precision collapse on web
            metric: precision
            scope: segment:device=\(CardFraudModel.conceptDriftDevice)
            below: 0.3
            for: 10m
            severity: critical
          # account_age_days arrives null for android from \(start(.missingFeature)).
          - name: missing feature values
            metric: missing
            scope: any_feature
            above: 0.05
            for: 2m
            severity: high
          # The fraud rate rises from \(start(.fraudRateRise)): frauds the model misses.
          - name: fraud rate rise
            metric: recall
            scope: global
            below: 0.2
            for: 15m
            severity: high

        """
    }
}
