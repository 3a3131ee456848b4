import Testing

@Test func placeholderMonitorEngine() {}
