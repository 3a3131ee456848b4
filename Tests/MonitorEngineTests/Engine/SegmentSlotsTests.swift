@testable import MonitorEngine
import Testing

struct SegmentSlotsTests {
    /// The slots a preparer finds on the seeded table (``SegmentSlots/knownSlots(_:into:)``)
    /// and hands to the engine's table, which admits values meanwhile, give the slots and the
    /// `(other)` count of assigning alone, record for record. Found through the seed's table
    /// of texts by their bytes (``SegmentSlots/textTable()``), as the preparer does, they are
    /// the same as through its dictionaries, non-ASCII values (left to the dictionaries) too.
    @Test func knownSlotsFromTheSeedGiveWhatAssigningAloneGives() {
        var seed = SegmentSlots(dimensions: ["country", "code"], maxValues: 4)
        seed.seed(dimension: "country", counts: ["BR": 5, "US": 9])
        seed.seed(dimension: "code", counts: ["7": 3, "true": 2])
        let values: [[FeatureValue?]] = [
            [.string("US"), .number(7)], [.string("MX"), .number(7.0)], [.string("MX"), .bool(true)],
            [.string("AR"), .number(3.5)], [.null, .number(.nan)], [nil, .invalidNumber], [.unsupported, .string("7")],
            [.string("CL"), .number(3.5)], [.string("PE"), .bool(false)], [.string("UY"), .number(-2)],
            [.string("BR"), .number(-2)], [.string("MX"), .number(.infinity)], [.bool(true), .number(7)],
            [.string("BRé"), .string("true")], [.string("B"), .string("\u{212A}")], [.string("USA"), .string("")],
        ]
        let texts = seed.textTable()
        var byBytes: [Int] = []
        var alone = seed
        var engine = seed
        var expected: [Int] = []
        var slots: [Int] = []
        var known: [Int] = []
        var sawKnown = false
        var sawUnknown = false
        for pair in values {
            var features: [Feature] = []
            if let country = pair[0] { features.append(Feature(name: "country", value: country)) }
            if let code = pair[1] { features.append(Feature(name: "code", value: code)) }
            // A feature repeated: its first occurrence counts.
            features.append(Feature(name: "country", value: .string("ZZ")))
            alone.assign(features, into: &expected)
            seed.knownSlots(features, into: &known)
            seed.knownSlots(features, texts: texts, into: &byBytes)
            #expect(byBytes == known, "\(pair)")
            sawKnown = sawKnown || known.contains { $0 >= 0 }
            sawUnknown = sawUnknown || known.contains(-1)
            engine.assign(features, known: known, into: &slots)
            #expect(slots == expected, "\(pair)")
        }
        #expect(sawKnown && sawUnknown)
        #expect(engine.dimensions.map(\.values) == alone.dimensions.map(\.values))
        #expect(engine.dimensions.map(\.valuesSentToOther) == alone.dimensions.map(\.valuesSentToOther))
        #expect(alone.dimensions[0].valuesSentToOther > 0)
    }

    /// A value the table of texts cannot decide by its bytes is looked up in the dictionary:
    /// a non-ASCII value (U+212A KELVIN SIGN is "K" to Swift), and every value of a dimension
    /// with a non-ASCII value (a decomposed "Zürich" is the seeded one).
    @Test func aTextTheTableCannotDecideIsFoundInTheDictionary() {
        var seed = SegmentSlots(dimensions: ["country", "city"], maxValues: 4)
        seed.seed(dimension: "country", counts: ["K": 3, "US": 2])
        seed.seed(dimension: "city", counts: ["Zürich": 2, "Bern": 1])
        let texts = seed.textTable()
        let cases: [(country: String, city: String, slots: [Int])] = [
            ("\u{212A}", "Zu\u{308}rich", [0, 0]), ("K", "Bern", [0, 1]), ("US", "Genève", [1, -1]), ("FR", "Basel", [-1, -1]),
        ]
        for (country, city, slots) in cases {
            let features = [Feature(name: "country", value: .string(country)), Feature(name: "city", value: .string(city))]
            var known: [Int] = []
            var byBytes: [Int] = []
            seed.knownSlots(features, into: &known)
            seed.knownSlots(features, texts: texts, into: &byBytes)
            #expect(known == slots, "\(country) \(city)")
            #expect(byBytes == slots, "\(country) \(city)")
        }
    }

    @Test func seedGivesSlotsByFrequencyWithTiesInTextOrder() {
        var country = SegmentDimension(name: "country", maxValues: 3)
        country.seed(counts: ["BR": 10, "US": 30, "DE": 10, "FR": 5])
        #expect(country.values == ["US", "BR", "DE"])
        #expect(country.slot(for: .string("US")) == 0)
        #expect(country.slot(for: .string("BR")) == 1)
        #expect(country.slot(for: .string("DE")) == 2)
        #expect(country.slot(for: .string("FR")) == country.otherSlot)
        #expect(country.otherSlot == 3)
        #expect(country.missingSlot == 4)
        #expect(country.slotCount == 5)
        #expect(country.valuesSentToOther == 1)
    }

    @Test func seedByFrequencyKeepsTheGivenOrderAndSkipsRepeats() {
        var device = SegmentDimension(name: "device", maxValues: 5)
        device.seed(byFrequency: ["mobile", "desktop", "mobile", "tablet"])
        #expect(device.values == ["mobile", "desktop", "tablet"])
    }

    @Test func newValuesTakeTheFreeSlotsFirstComeThenShareOther() {
        var country = SegmentDimension(name: "country", maxValues: 3)
        country.seed(byFrequency: ["BR"])
        let stream = ["MX", "BR", "AR", "CL", "MX", "PE", "AR"]
        let slots = stream.map { country.slot(for: .string($0)) }
        #expect(slots == [1, 0, 2, 3, 1, 3, 2])
        #expect(country.values == ["BR", "MX", "AR"])
        #expect(country.valuesSentToOther == 2)
        #expect(country.name(ofSlot: 3) == "(other)")
        #expect(country.name(ofSlot: 4) == "(missing)")
        #expect(country.name(ofSlot: 2) == "AR")
        #expect(country.name(ofSlot: 7) == nil)
    }

    @Test func withoutAdmissionOnlyTheSeedHasSlots() {
        var country = SegmentDimension(name: "country", maxValues: 3, admitsNewValues: false)
        country.seed(byFrequency: ["BR"])
        #expect(country.slot(for: .string("MX")) == country.otherSlot)
        #expect(country.values == ["BR"])
    }

    @Test func boundedWhateverTheStreamHolds() {
        var id = SegmentDimension(name: "user", maxValues: 50)
        for index in 0..<10_000 { _ = id.slot(for: .string("user-\(index)")) }
        #expect(id.values.count == 50)
        #expect(id.valuesSentToOther == 9_950)
        #expect(id.slot(for: .string("user-49")) == 49)
        #expect(id.slot(for: .string("user-50")) == id.otherSlot)
    }

    @Test(arguments: [
        (FeatureValue.number(3), "3"),
        (.number(3.0), "3"),
        (.number(-0.0), "0"),
        (.number(0.25), "0.25"),
        (.number(-12.5), "-12.5"),
        (.number(1e-5), "1e-05"),
        (.bool(true), "true"),
        (.bool(false), "false"),
        (.string("BR"), "BR"),
        (.string(""), ""),
    ])
    func valuesAreComparedAsText(value: FeatureValue, text: String) {
        #expect(SegmentDimension.text(of: value) == text)
        var dimension = SegmentDimension(name: "x", maxValues: 2)
        dimension.seed(byFrequency: [text])
        #expect(dimension.slot(for: value) == 0)
        #expect(dimension.existingSlot(for: value) == 0)
    }

    @Test func missingAndNonScalarValuesHaveTheirOwnSlots() {
        var device = SegmentDimension(name: "device", maxValues: 2)
        #expect(device.slot(for: nil) == device.missingSlot)
        #expect(device.slot(for: .null) == device.missingSlot)
        #expect(device.slot(for: .invalidNumber) == device.missingSlot)
        #expect(device.slot(for: .number(.nan)) == device.missingSlot)
        #expect(device.slot(for: .number(-.infinity)) == device.missingSlot)
        #expect(device.existingSlot(for: .number(.infinity)) == device.missingSlot)
        #expect(device.slot(for: .unsupported) == device.otherSlot)
        #expect(device.values.isEmpty)
        #expect(SegmentDimension.text(of: .null) == nil)
    }

    @Test func aNumberFoundOnceIsFoundAgainWithoutItsText() {
        var hour = SegmentDimension(name: "hour", maxValues: 2)
        #expect(hour.slot(for: .number(22)) == 0)
        #expect(hour.slot(for: .string("22")) == 0)
        #expect(hour.slot(for: .number(23)) == 1)
        #expect(hour.slot(for: .number(7)) == hour.otherSlot)
        #expect(hour.existingSlot(for: .number(23)) == 1)
        #expect(hour.existingSlot(for: .number(8)) == hour.otherSlot)
        #expect(hour.existingSlot(for: .string("nope")) == hour.otherSlot)
    }

    @Test func assignWritesOneSlotPerDimensionInOrder() {
        var segments = SegmentSlots(dimensions: ["country", "device"], maxValues: 2)
        segments.seed(dimension: "device", counts: ["desktop": 3, "mobile": 9])
        segments.seed(dimension: "unknown", byFrequency: ["x"])
        var slots: [Int] = []
        let record: [Feature] = [
            Feature(name: "amount", value: .number(532.10)),
            Feature(name: "device", value: .string("desktop")),
            Feature(name: "country", value: .string("BR")),
            Feature(name: "country", value: .string("US")),
        ]
        segments.assign(record, into: &slots)
        #expect(slots == [0, 1])
        segments.assign([Feature(name: "device", value: .string("tv"))], into: &slots)
        #expect(slots == [3, 2])  // no country: (missing); a third device: (other)
        #expect(segments.dimensions.map(\.values) == [["BR"], ["mobile", "desktop"]])
        #expect(segments.index(ofDimension: "device") == 1)
        #expect(segments.index(ofDimension: "amount") == nil)
    }
}
