package dev.mcpgateway.failsafe;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps the extra load retries put on a backend ({@code retry.budget_ratio}): every call deposits
 * {@code budget_ratio} of a retry, every retry withdraws a whole one, and the balance never exceeds
 * a small reserve. So in a long outage retries add at most {@code budget_ratio} (say 20%) to the
 * calls, however many attempts each call may make, while a quiet backend's occasional failure is
 * still retried from the reserve. Lock-free; the balance is kept in thousandths of a retry.
 */
final class RetryBudget {

    /** Retries the budget can save up (and starts with). */
    static final int RESERVE = 10;

    private static final long ONE = 1000;

    private final long deposit;
    private final long cap = RESERVE * ONE;
    private final AtomicLong balance = new AtomicLong(cap);

    RetryBudget(double ratio) {
        this.deposit = Math.round(ratio * ONE);
    }

    /** A call (first attempt) was made. */
    void deposit() {
        while (true) {
            long b = balance.get();
            if (b >= cap) {
                return;
            }
            if (balance.compareAndSet(b, Math.min(cap, b + deposit))) {
                return;
            }
        }
    }

    /** Takes one retry from the budget; false if it is used up. */
    boolean tryWithdraw() {
        while (true) {
            long b = balance.get();
            if (b < ONE) {
                return false;
            }
            if (balance.compareAndSet(b, b - ONE)) {
                return true;
            }
        }
    }

    /** Whole retries available now. */
    long available() {
        return balance.get() / ONE;
    }
}
