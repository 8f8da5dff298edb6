/// The one shape of every command-line value pimpi parses itself: text in, and
/// out a value or an error that says what is wrong and what is accepted.
protocol ArgumentValue {
    associatedtype Value
    /// What the command line accepts, for messages and help.
    static var acceptedForms: String { get }
    static func parse(_ text: String) throws(ArgumentValueError) -> Value
}

/// A refused command-line value. ArgumentParser prints it after "The value 'X'
/// is invalid for '--option': ".
struct ArgumentValueError: Error, Equatable, CustomStringConvertible {
    /// What is wrong, when there is more to say than "not one of the accepted forms".
    let reason: String?
    let acceptedForms: String

    init(reason: String? = nil, acceptedForms: String) {
        self.reason = reason
        self.acceptedForms = acceptedForms
    }

    var description: String { (reason.map { $0 + "; " } ?? "") + "expected \(acceptedForms)" }
}

extension ArgumentValue {
    /// The error for `text`, with this value's accepted forms.
    static func refusal(_ reason: String? = nil) -> ArgumentValueError {
        ArgumentValueError(reason: reason, acceptedForms: acceptedForms)
    }
}
