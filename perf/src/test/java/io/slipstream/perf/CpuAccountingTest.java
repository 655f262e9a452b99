package io.slipstream.perf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CpuAccountingTest
{
    @Test
    void shouldCountUserNiceSystemIrqAndSoftirqAsBusy()
    {
        assertEquals(1 + 2 + 3 + 6 + 7,
            CpuAccounting.parseHostBusyTicks("cpu  1 2 3 4000 5 6 7 8 9 10"));
    }

    @Test
    void shouldReadUtimePlusStimeEvenWhenTheCommandHasSpacesAndParentheses()
    {
        final String stat = "1234 (java (pong) x) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 17 0 0 20 0 12 0";

        assertEquals(250 + 17, CpuAccounting.parseProcessTicks(stat));
    }

    @Test
    void shouldCountOurOwnProcess()
    {
        assertEquals(true, CpuAccounting.processTicks(ProcessHandle.current().pid()) >= 0);
    }
}
