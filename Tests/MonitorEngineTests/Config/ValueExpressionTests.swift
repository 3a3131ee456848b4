import Testing
@testable import MonitorEngine

/// The small affine grammar of business values.
struct ValueExpressionTests {
    @Test(arguments: [
        ("value", 1.0, 0.0), ("-value", -1, 0), ("2*value", 2, 0), ("value*0.1", 0.1, 0), ("-0.5*value", -0.5, 0),
        ("value + 10", 1, 10), ("value-10", 1, -10), ("-5", 0, -5), ("0", 0, 0), ("+3.25", 0, 3.25),
        ("(value - 5) / 2", 0.5, -2.5), ("2 * (value + 1) - value", 1, 2), ("1e3", 0, 1_000), ("value / 4", 0.25, 0),
        ("- -value", 1, 0), ("3*2*value", 6, 0), (" value*2 + value ", 3, 0), (".5*value", 0.5, 0),
    ])
    func expressionsParse(text: String, coefficient: Double, constant: Double) throws {
        let expression = try #require(ValueExpression(parsing: text))
        #expect(expression.coefficient == coefficient)
        #expect(expression.constant == constant)
    }

    @Test(arguments: [
        ("", "empty expression (at character 1)"),
        ("value*value", "'value' times 'value' is not allowed (only a*value + b) (at character 6)"),
        ("1/value", "dividing by an expression of 'value' is not allowed (only a*value + b) (at character 2)"),
        ("value/0", "division by zero (at character 6)"),
        ("amount", "unknown name 'amount' (the only name is 'value') (at character 1)"),
        ("2value", "unexpected 'v' (at character 2)"),
        ("(value + 1", "missing ')' for the '(' at character 1 (at character 11)"),
        ("value +", "expected a number or 'value' at the end (at character 8)"),
        ("1e", "an exponent needs digits (at character 3)"),
        ("1e400", "'1e400' is not a finite number (at character 1)"),
        ("value ^ 2", "unexpected '^' (at character 7)"),
        ("€", "expected a number or 'value', got '€' (at character 1)"),
        (String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000),
         "parentheses nested too deeply (at character 33)"),
        (String(repeating: "-", count: 10_000) + "1", "too many signs in a row (at character 33)"),
    ])
    func badExpressionsSayWhatAndWhere(text: String, problem: String) {
        guard case .failure(let error) = ValueExpression.parse(text) else {
            Issue.record("'\(text.prefix(20))' should be refused")
            return
        }
        #expect(error.description == problem)
    }

    @Test(arguments: [
        ("value", 532.10 as Double?, 532.10 as Double?), ("-value", 532.10, -532.10), ("2*value + 1", 3, 7),
        ("-5", nil, -5), ("-5", 100, -5), ("value", nil, nil), ("value*0.1", 1_000, 100),
    ])
    func evaluation(text: String, value: Double?, expected: Double?) throws {
        let expression = try #require(ValueExpression(parsing: text))
        #expect(expression.evaluate(value: value) == expected)
    }

    @Test(arguments: ["value", "-value", "2*value", "-0.5*value + 10", "value - 3", "-5", "0", "0.25"])
    func theDescriptionParsesBack(text: String) throws {
        let expression = try #require(ValueExpression(parsing: text))
        #expect(expression.description == text)
        #expect(ValueExpression(parsing: expression.description) == expression)
    }
}
