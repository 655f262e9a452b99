package io.slipstream.codecs;

import io.slipstream.engine.RecordHandler;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * The first level of dispatch: reads the schema id from each message's SBE header and hands the message to the
 * {@link SchemaDispatcher} registered for it, which dispatches by template id. Plug it into
 * {@code Subscription.poll(dispatcher, limit)} when a ring carries messages of several schemas.
 * <p>
 * A message too short for a header, or of a schema nobody registered, is counted and skipped, never thrown.
 * Dispatching allocates nothing: the table is an array indexed by schema id. Not thread-safe: one polling thread.
 * The SBE header layout is the standard one (block length, template id, schema id, version; 16 bits each,
 * little-endian), which every schema dispatched here must use.
 */
public final class MessageDispatcher implements RecordHandler
{
    /** Length of the standard SBE message header. */
    public static final int HEADER_LENGTH = 8;
    private static final int SCHEMA_ID_OFFSET = 4;
    private static final int MAX_SCHEMA_ID = 0xFFFF;

    private SchemaDispatcher[] bySchemaId = new SchemaDispatcher[0];
    private long truncated;
    private long unknownSchema;

    /**
     * Registers a schema dispatcher. Call before polling starts (registration may allocate).
     *
     * @param dispatcher decodes the messages of {@link SchemaDispatcher#schemaId()}.
     * @return this dispatcher, for chaining.
     * @throws IllegalArgumentException if the schema id is out of range or already registered.
     */
    public MessageDispatcher add(final SchemaDispatcher dispatcher)
    {
        final int schemaId = dispatcher.schemaId();
        if (schemaId < 0 || schemaId > MAX_SCHEMA_ID)
        {
            throw new IllegalArgumentException("schema id out of range 0.." + MAX_SCHEMA_ID + ": " + schemaId);
        }
        if (schemaId < bySchemaId.length && bySchemaId[schemaId] != null)
        {
            throw new IllegalArgumentException("a dispatcher for schema id " + schemaId + " is already registered");
        }
        if (schemaId >= bySchemaId.length)
        {
            final SchemaDispatcher[] grown = new SchemaDispatcher[schemaId + 1];
            System.arraycopy(bySchemaId, 0, grown, 0, bySchemaId.length);
            bySchemaId = grown;
        }
        bySchemaId[schemaId] = dispatcher;
        return this;
    }

    @Override
    public void onMessage(final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER_LENGTH)
        {
            truncated++;
            return;
        }
        final int schemaId = buffer.getShort(offset + SCHEMA_ID_OFFSET, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final SchemaDispatcher[] table = bySchemaId;
        final SchemaDispatcher dispatcher = schemaId < table.length ? table[schemaId] : null;
        if (dispatcher == null)
        {
            unknownSchema++;
            return;
        }
        dispatcher.onMessage(typeId, buffer, offset, length);
    }

    /**
     * Messages skipped because they were shorter than an SBE header.
     *
     * @return the count since creation.
     */
    public long truncatedCount()
    {
        return truncated;
    }

    /**
     * Messages skipped because no dispatcher is registered for their schema id.
     *
     * @return the count since creation.
     */
    public long unknownSchemaCount()
    {
        return unknownSchema;
    }
}
