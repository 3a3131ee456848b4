import Testing

@Test func placeholderSampleScenario() {}
