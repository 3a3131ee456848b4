/// The business value of one outcome: a constant, or an affine expression of the label's
/// `value` (docs/statistics.md, "Business outcomes layer").
///
/// Grammar (spaces are ignored):
///
///     expression = term { ("+" | "-") term }
///     term       = unary { ("*" | "/") unary }
///     unary      = ("+" | "-") unary | primary
///     primary    = number | "value" | "(" expression ")"
///
/// Any such expression is kept only if it is affine in `value` (`coefficient * value + constant`):
/// `value`, `-value`, `2*value`, `value*0.1`, `-0.5*value`, `value + 10`, `(value - 5) / 2`.
/// `value*value` and `1/value` are refused, so evaluation is one multiply-add per label.
public struct ValueExpression: Sendable, Hashable, CustomStringConvertible {
    /// How much the outcome is worth per unit of the label's value.
    public var coefficient: Double
    /// What the outcome is worth whatever the value.
    public var constant: Double

    /// `coefficient * value + constant`.
    public init(coefficient: Double, constant: Double) {
        self.coefficient = coefficient
        self.constant = constant
    }

    /// A fixed amount, independent of the label's value.
    public static func constant(_ amount: Double) -> ValueExpression {
        ValueExpression(coefficient: 0, constant: amount)
    }

    /// The label's value itself.
    public static let value = ValueExpression(coefficient: 1, constant: 0)

    /// Nothing: the default for an outcome the configuration does not price.
    public static let zero = ValueExpression.constant(0)

    /// Whether the expression needs the label's value.
    public var dependsOnValue: Bool { coefficient != 0 }

    /// The amount for a label whose value is `value`; `nil` when the expression needs a value and
    /// the label has none (the caller counts it as unpriced rather than guessing 0).
    public func evaluate(value: Double?) -> Double? {
        guard coefficient != 0 else { return constant }
        guard let value else { return nil }
        return coefficient * value + constant
    }

    /// Parses an expression; `nil` when it is not in the grammar or not affine in `value`.
    public init?(parsing text: String) {
        guard case .success(let expression) = Self.parse(text) else { return nil }
        self = expression
    }

    /// Parses an expression, or says what is wrong with it and where (1-based character
    /// position).
    public static func parse(_ text: String) -> Result<ValueExpression, ValueExpressionError> {
        var parser = ExpressionParser(bytes: Array(text.utf8))
        do {
            let expression = try parser.parseWhole()
            return .success(expression)
        } catch {
            return .failure(error)
        }
    }

    /// A canonical spelling that parses back to the same expression: `value`, `-value`,
    /// `2*value`, `-0.5*value + 10`, `-5`.
    public var description: String {
        func number(_ x: Double) -> String {
            x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
        }
        guard coefficient != 0 else { return number(constant) }
        var text: String
        switch coefficient {
        case 1: text = "value"
        case -1: text = "-value"
        default: text = number(coefficient) + "*value"
        }
        if constant > 0 { text += " + " + number(constant) }
        if constant < 0 { text += " - " + number(-constant) }
        return text
    }
}

/// Why a business value expression was refused, and at which character (1-based).
public struct ValueExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, in words.
    public var problem: String
    /// 1-based position of the offending character in the expression.
    public var position: Int

    /// An error about the character at `position` (1-based).
    public init(problem: String, position: Int) {
        self.problem = problem
        self.position = position
    }

    public var description: String { "\(problem) (at character \(position))" }
}

/// A recursive-descent parser over the bytes of an expression. Depth is bounded so that hostile
/// input (thousands of parentheses) is an error, not a stack overflow.
private struct ExpressionParser {
    let bytes: [UInt8]
    var index = 0
    var depth = 0
    static let maximumDepth = 32

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseWhole() throws(ValueExpressionError) -> ValueExpression {
        skipSpaces()
        guard index < bytes.count else {
            throw ValueExpressionError(problem: "empty expression", position: 1)
        }
        let expression = try parseExpression()
        skipSpaces()
        guard index == bytes.count else {
            throw ValueExpressionError(problem: "unexpected '\(character(at: index))'", position: index + 1)
        }
        guard expression.coefficient.isFinite, expression.constant.isFinite else {
            throw ValueExpressionError(problem: "the result is not a finite number", position: 1)
        }
        return expression
    }

    mutating func parseExpression() throws(ValueExpressionError) -> ValueExpression {
        var result = try parseTerm()
        while true {
            skipSpaces()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") else {
                return result
            }
            let sign: Double = bytes[index] == UInt8(ascii: "+") ? 1 : -1
            index += 1
            let term = try parseTerm()
            result = ValueExpression(coefficient: result.coefficient + sign * term.coefficient,
                                     constant: result.constant + sign * term.constant)
        }
    }

    mutating func parseTerm() throws(ValueExpressionError) -> ValueExpression {
        var result = try parseUnary()
        while true {
            skipSpaces()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "*") || bytes[index] == UInt8(ascii: "/") else {
                return result
            }
            let isDivision = bytes[index] == UInt8(ascii: "/")
            let operatorPosition = index + 1
            index += 1
            let factor = try parseUnary()
            if isDivision {
                guard factor.coefficient == 0 else {
                    throw ValueExpressionError(
                        problem: "dividing by an expression of 'value' is not allowed (only a*value + b)",
                        position: operatorPosition)
                }
                guard factor.constant != 0 else {
                    throw ValueExpressionError(problem: "division by zero", position: operatorPosition)
                }
                result = ValueExpression(coefficient: result.coefficient / factor.constant,
                                         constant: result.constant / factor.constant)
            } else {
                guard result.coefficient == 0 || factor.coefficient == 0 else {
                    throw ValueExpressionError(
                        problem: "'value' times 'value' is not allowed (only a*value + b)",
                        position: operatorPosition)
                }
                result = ValueExpression(
                    coefficient: result.coefficient * factor.constant + factor.coefficient * result.constant,
                    constant: result.constant * factor.constant)
            }
        }
    }

    mutating func parseUnary() throws(ValueExpressionError) -> ValueExpression {
        skipSpaces()
        guard index < bytes.count else {
            throw ValueExpressionError(problem: "expected a number or 'value' at the end", position: index + 1)
        }
        let byte = bytes[index]
        if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
            index += 1
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else {
                throw ValueExpressionError(problem: "too many signs in a row", position: index)
            }
            let operand = try parseUnary()
            return byte == UInt8(ascii: "-")
                ? ValueExpression(coefficient: -operand.coefficient, constant: -operand.constant)
                : operand
        }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws(ValueExpressionError) -> ValueExpression {
        let start = index
        let byte = bytes[index]
        if byte == UInt8(ascii: "(") {
            index += 1
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else {
                throw ValueExpressionError(problem: "parentheses nested too deeply", position: start + 1)
            }
            let inner = try parseExpression()
            skipSpaces()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ")") else {
                throw ValueExpressionError(problem: "missing ')' for the '(' at character \(start + 1)",
                                           position: index + 1)
            }
            index += 1
            return inner
        }
        if isLetter(byte) {
            while index < bytes.count, isLetter(bytes[index]) || isDigit(bytes[index]) || bytes[index] == UInt8(ascii: "_") {
                index += 1
            }
            let word = String(decoding: bytes[start..<index], as: UTF8.self)
            guard word == "value" else {
                throw ValueExpressionError(problem: "unknown name '\(word)' (the only name is 'value')",
                                           position: start + 1)
            }
            return .value
        }
        if isDigit(byte) || byte == UInt8(ascii: ".") {
            return try parseNumber()
        }
        throw ValueExpressionError(problem: "expected a number or 'value', got '\(character(at: index))'",
                                   position: start + 1)
    }

    /// digits [. digits] [e [+|-] digits], or . digits [...]
    mutating func parseNumber() throws(ValueExpressionError) -> ValueExpression {
        let start = index
        var sawDigit = false
        while index < bytes.count, isDigit(bytes[index]) { index += 1; sawDigit = true }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, isDigit(bytes[index]) { index += 1; sawDigit = true }
        }
        guard sawDigit else {
            throw ValueExpressionError(problem: "a number needs digits", position: start + 1)
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            let exponentStart = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            guard index > exponentStart else {
                throw ValueExpressionError(problem: "an exponent needs digits", position: index + 1)
            }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let number = Double(text), number.isFinite else {
            throw ValueExpressionError(problem: "'\(text)' is not a finite number", position: start + 1)
        }
        return .constant(number)
    }

    mutating func skipSpaces() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    /// The whole UTF-8 character starting at `position`, for messages.
    func character(at position: Int) -> String {
        var end = position + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: bytes[position..<end], as: UTF8.self)
    }
}
