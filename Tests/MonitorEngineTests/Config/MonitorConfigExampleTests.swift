import Testing
@testable import MonitorEngine

/// The documented example file and the defaults.
struct MonitorConfigExampleTests {
    /// The example of docs/log-format.md, with the `fields` and `features` of its mapping section.
    static let example = """
        model: fraud-detector
        reference: reference.csv
        predictions: ["logs/predictions-*.jsonl"]   # globs; "-" is standard input
        labels: ["logs/labels-*.jsonl"]
        fields:
          id: id
          ts: timestamp
          score: y_pred_proba
          prediction: y_pred
          label: repaid            # a label column in the same row
          latency_ms: latency
        features: [car_value, salary_range, debt_to_income_ratio, loan_length,
                   repaid_loan_on_prev_car, size_of_downpayment, driver_tenure]
        segments: [country, device]                 # dimensions to slice every metric by
        threshold: 0.5                              # decision threshold on score
        window: 15m                                 # current window, event time
        bucket: 1m                                  # resolution of sparklines and windows
        drift:
          numeric: psi                              # psi | ks | js | wasserstein
          categorical: psi                          # psi | chi2 | js
          bins: 10
          warn: 0.1
          alert: 0.2
        business:                                   # value of each outcome
          tp: "value"                               # fraud caught: + amount
          fn: "-value"                              # fraud missed: - amount
          fp: -5                                    # friction of a false alarm
          tn: 0
        alerts:
          - name: feature drift
            metric: drift
            scope: any_feature
            above: 0.2                              # or below:
            for: 2m
            severity: high
            action: ["./retrain.sh", "--reason", "{rule}", "--scope", "{scope}"]   # argv, no shell
        state: ~/.local/state/modeltop/fraud-detector.sqlite   # alert acknowledgements and history
        """

    @Test func theDocumentedExampleParsesToItsValues() throws {
        let config = try MonitorConfig.parse(yaml: Self.example, path: "deploy/modeltop.yaml",
                                             environment: ["HOME": "/home/ana"])
        #expect(config.model == "fraud-detector")
        #expect(config.file == "deploy/modeltop.yaml")
        #expect(config.directory == "deploy")
        #expect(config.reference == "deploy/reference.csv")
        #expect(config.predictions == ["deploy/logs/predictions-*.jsonl"])
        #expect(config.labels == ["deploy/logs/labels-*.jsonl"])
        #expect(config.format == nil)

        var fields = FieldMapping()
        fields.id = "id"
        fields.timestamp = "timestamp"
        fields.score = "y_pred_proba"
        fields.prediction = "y_pred"
        fields.label = "repaid"
        fields.latencyMilliseconds = "latency"
        fields.features = ["car_value", "salary_range", "debt_to_income_ratio", "loan_length",
                           "repaid_loan_on_prev_car", "size_of_downpayment", "driver_tenure"]
        #expect(config.fields == fields)
        #expect(config.features == fields.features)
        #expect(config.featureKinds.isEmpty)

        #expect(config.segments == ["country", "device"])
        #expect(config.threshold == 0.5)
        #expect(config.window == .span(TimeSpan(seconds: 900)))
        #expect(config.bucket == TimeSpan(seconds: 60))

        var drift = DriftSettings()
        drift.numeric = .psi
        drift.categorical = .psi
        drift.bins = 10
        drift.warn = 0.1
        drift.alert = 0.2
        #expect(config.drift == drift)

        let business = try #require(config.business)
        #expect(business.truePositive == ValueExpression(coefficient: 1, constant: 0))
        #expect(business.falseNegative == ValueExpression(coefficient: -1, constant: 0))
        #expect(business.falsePositive == ValueExpression(coefficient: 0, constant: -5))
        #expect(business.trueNegative == ValueExpression(coefficient: 0, constant: 0))
        #expect(business.evaluate(predicted: true, actual: true, value: 532.10) == 532.10)
        #expect(business.evaluate(predicted: false, actual: true, value: 532.10) == -532.10)
        #expect(business.evaluate(predicted: true, actual: false, value: nil) == -5)

        #expect(config.alerts == [
            AlertRule(name: "feature drift", metric: .drift, scope: .anyFeature, threshold: .above(0.2),
                      holdFor: TimeSpan(seconds: 120), severity: .high,
                      action: ["./retrain.sh", "--reason", "{rule}", "--scope", "{scope}"], adaptive: false),
        ])
        #expect(config.state == "/home/ana/.local/state/modeltop/fraud-detector.sqlite")

        // Keys the example leaves out keep their defaults.
        #expect(config.maxLine == ByteSize(bytes: 1_048_576))
        #expect(config.referenceRecords == 10_000)
        #expect(config.segmentValues == 50)
        #expect(config.maxPending == 2_000_000)
        #expect(config.scoreBins == 20)
        #expect(config.labelHorizon == .learned)
        #expect(config.positiveLabel == nil)
        #expect(config.theme == "default")
        #expect(config.ranges.isEmpty)
    }

    @Test(arguments: [
        "",
        "\n\n",
        "# only a comment\n",
        "---\n",
        "~\n",
        "model:\nthreshold: ~\nalerts: null\n",
    ])
    func anEmptyFileGivesEveryDefault(yaml: String) throws {
        let config = try MonitorConfig.parse(yaml: yaml, path: "modeltop.yaml", environment: [:])
        var expected = MonitorConfig()
        expected.file = "modeltop.yaml"
        #expect(config == expected)
    }

    @Test func defaultsAreTheDocumentedOnes() {
        let config = MonitorConfig()
        #expect(config.model == nil)
        #expect(config.reference == nil)
        #expect(config.predictions == [])
        #expect(config.labels == [])
        #expect(config.format == nil)
        #expect(config.fields == FieldMapping())
        #expect(config.features == nil)
        #expect(config.segments == [])
        #expect(config.threshold == 0.5)
        #expect(config.window == .span(.minutes(15)))
        #expect(config.bucket.seconds == 60)
        #expect(config.drift.numeric == .psi)
        #expect(config.drift.categorical == .psi)
        #expect(config.drift.bins == 10)
        #expect(config.drift.warn == 0.1)
        #expect(config.drift.alert == 0.2)
        #expect(config.drift.fineBins == 256)
        #expect(config.drift.alpha == 0.05)
        #expect(config.drift.minRecords == 200)
        #expect(config.drift.topCategories == 50)
        #expect(config.business == nil)
        #expect(config.alerts == [])
        #expect(config.state == nil)
        #expect(config.maxLine.bytes == 1 << 20)
        #expect(config.referenceRecords == 10_000)
        #expect(config.segmentValues == 50)
        #expect(config.labelHorizon == .learned)
        #expect(config.maxPending == 2_000_000)
        #expect(config.scoreBins == 20)
        #expect(config.theme == "default")
        #expect(throws: Never.self) { try config.validate() }
    }

    @Test func everyOtherKeyIsRead() throws {
        let yaml = """
            format: csv
            features:
              numeric: [amount, hour]
              categorical: [country, device]
            segments: [country]
            positive_label: fraud
            window: all
            bucket: 5m
            drift: {numeric: ks, categorical: chi2, bins: 20, warn: 0.15, alert: 0.3,
                    fine_bins: 512, alpha: 0.01, fdr: false, min_records: 500, top_categories: 30}
            ranges:
              amount: [0, ~]
              hour: [0, 23]
            business: {fp: "-0.5*value + 2"}
            alerts:
              - metric: precision
                scope: segment:country=BR
                below: 0.7
                adaptive: true
              - name: quiet stream
                metric: stale
                above: 5m
                severity: critical
            max_line: 512KiB
            reference_records: 5_000
            segment_values: 20
            label_ttl: 7d
            max_pending: 100000
            score_bins: 40
            theme: colorblind
            """
        let config = try MonitorConfig.parse(yaml: yaml, path: "m.yaml", environment: [:])
        #expect(config.format == .csv)
        #expect(config.features == ["amount", "hour", "country", "device"])
        #expect(config.featureKinds == ["amount": .numeric, "hour": .numeric, "country": .categorical, "device": .categorical])
        #expect(config.positiveLabel == "fraud")
        #expect(config.window == .all)
        #expect(config.bucket == .minutes(5))
        #expect(config.drift.numeric == .ks)
        #expect(config.drift.categorical == .chi2)
        #expect(config.drift.bins == 20)
        #expect(config.drift.warn == 0.15)
        #expect(config.drift.alert == 0.3)
        #expect(config.drift.fineBins == 512)
        #expect(config.drift.alpha == 0.01)
        #expect(config.drift.fdr == false)
        #expect(config.drift.minRecords == 500)
        #expect(config.drift.topCategories == 30)
        #expect(config.ranges == ["amount": ValueRange(lower: 0, upper: nil), "hour": ValueRange(lower: 0, upper: 23)])
        #expect(config.business == BusinessValues(falsePositive: ValueExpression(coefficient: -0.5, constant: 2)))
        #expect(config.alerts == [
            AlertRule(name: "precision segment:country=BR", metric: .precision,
                      scope: .segment(dimension: "country", value: "BR"), threshold: .below(0.7), adaptive: true),
            AlertRule(name: "quiet stream", metric: .stale, scope: .global, threshold: .above(300), severity: .critical),
        ])
        #expect(config.maxLine.bytes == 524_288)
        #expect(config.referenceRecords == 5_000)
        #expect(config.segmentValues == 20)
        #expect(config.labelHorizon == .fixed(7 * 86_400))
        #expect(config.maxPending == 100_000)
        #expect(config.scoreBins == 40)
        #expect(config.theme == "colorblind")
    }

    @Test func aSingleStringIsOneSource() throws {
        let config = try MonitorConfig.parse(yaml: "predictions: '-'\nlabels: labels.jsonl\n",
                                             path: "/srv/m/modeltop.yaml", environment: [:])
        #expect(config.predictions == ["-"])
        #expect(config.labels == ["/srv/m/labels.jsonl"])
    }

    @Test func flagsCanOverrideAndValidateAgain() throws {
        var config = try MonitorConfig.parse(yaml: "window: 15m\nbucket: 1m\n", path: "modeltop.yaml", environment: [:])
        config.bucket = .minutes(7)
        // After loading, values may come from flags: the error names the key, not a line.
        #expect(throws: ConfigError(file: "modeltop.yaml", key: "window",
                                    message: "'window' (15m) must be a whole number of buckets ('bucket' is 7m)")) {
            try config.validate()
        }
        config.bucket = .minutes(5)
        config.threshold = 0.9
        try config.validate()
    }

    @Test func theStatePathDefaultsToTheXDGStateDirectory() {
        var config = MonitorConfig()
        config.model = "fraud-detector"
        #expect(config.statePath(environment: ["HOME": "/home/ana"])
                == "/home/ana/.local/state/modeltop/fraud-detector.sqlite")
        #expect(config.statePath(environment: ["HOME": "/home/ana", "XDG_STATE_HOME": "/var/state/"])
                == "/var/state/modeltop/fraud-detector.sqlite")
        #expect(config.statePath(environment: [:]) == nil)
        config.model = nil
        #expect(config.statePath(environment: ["HOME": "/h"]) == "/h/.local/state/modeltop/default.sqlite")
        config.state = "/tmp/s.sqlite"
        #expect(config.statePath(environment: [:]) == "/tmp/s.sqlite")
    }
}
