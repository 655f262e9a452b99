package io.slipstream.codecs;

import io.slipstream.engine.RecordHandler;

/**
 * Dispatches the messages of one SBE schema by template id. A {@link MessageDispatcher} routes each message to the
 * schema dispatcher registered for the schema id in its header; a schema dispatcher may also be given to
 * {@code Subscription.poll} directly when a ring carries one schema only.
 */
public interface SchemaDispatcher extends RecordHandler
{
    /**
     * The SBE schema id whose messages this dispatcher decodes.
     *
     * @return the schema id, 0 to 65535.
     */
    int schemaId();
}
