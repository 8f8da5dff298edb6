/// Every point-to-point message pimpi sends, by tag, in one place. The
/// collectives carry no tag; a roll call's messages travel on a communicator
/// of their own, so no tag of the run's can match them.
enum MessageTag {
    /// A managed-schedule worker asks rank 0 for work: one value, unused (the
    /// envelope says who asks).
    static let workRequest: Int32 = 101
    /// Rank 0's answer: [first index, count]; a count of 0 means "no more work".
    static let chunk: Int32 = 102
    /// A roll call's ping: [its sequence number].
    static let ping: Int32 = 201
    /// The answer: [the ping's sequence number, what the rank was doing].
    static let pingAnswer: Int32 = 202
}
