package io.slipstream.codecs;

/**
 * Why a message was rejected before decoding. Each constant carries a fixed description, so reporting an error
 * allocates nothing.
 */
public enum MessageError
{
    /** The message is well formed. */
    NONE("ok"),
    /** Fewer bytes than an SBE message header. */
    TRUNCATED_HEADER("truncated message: shorter than the 8-byte SBE message header"),
    /** The header names a schema this dispatcher does not know. */
    UNKNOWN_SCHEMA("unknown schema id"),
    /** The header names a template the schema does not define. */
    UNKNOWN_TEMPLATE("unknown template id"),
    /** The header's block length is shorter than the fields of the message's version. */
    BLOCK_LENGTH_TOO_SHORT("block length in the header is shorter than the message's fixed fields"),
    /** The root block ends past the end of the record. */
    BLOCK_PAST_END("truncated message: the root block runs past the end of the record"),
    /** A repeating group's dimension header ends past the end of the record. */
    GROUP_HEADER_PAST_END("truncated message: a group header runs past the end of the record"),
    /** A repeating group's block length is shorter than its fields. */
    GROUP_BLOCK_LENGTH_TOO_SHORT("group block length is shorter than the group's fields"),
    /** A repeating group's entries (block length x count) run past the end of the record. */
    GROUP_PAST_END("group block length x count runs past the end of the record"),
    /** A repeating group's count exceeds the schema's maximum. */
    GROUP_COUNT_TOO_LARGE("group count exceeds the schema's maximum"),
    /** A variable-length field's length prefix ends past the end of the record. */
    VAR_DATA_HEADER_PAST_END("truncated message: a var-data length runs past the end of the record"),
    /** A variable-length field's data runs past the end of the record. */
    VAR_DATA_PAST_END("var-data length runs past the end of the record");

    private final String description;

    MessageError(final String description)
    {
        this.description = description;
    }

    /** A fixed, human-readable description of the error. */
    public String description()
    {
        return description;
    }
}
