import Testing

@Test func placeholderCursesTerminal() {}
