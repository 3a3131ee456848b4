import Testing

@Test func placeholderModeltop() {}
