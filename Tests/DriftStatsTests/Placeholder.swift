import Testing

@Test func placeholderDriftStats() {}
