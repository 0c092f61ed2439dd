package io.heroproc.supervisor;

import java.util.EnumMap;
import java.util.Map;

/**
 * The life of one run and every move it may make; a move not in the table is refused. A run is
 * up ({@code STARTING}, {@code RUNNING}) until it is stopped (on request, or at once with
 * SIGKILL), gives up, or ends by itself; the three ways down stop its jobs dependents-first.
 *
 * <pre>
 *   state      | ALL_READY NOT_READY STOP     KILL    GIVE_UP   END
 *   STARTING   | RUNNING   STARTING  STOPPING KILLING GIVING_UP ENDED
 *   RUNNING    | RUNNING   STARTING  STOPPING KILLING GIVING_UP ENDED
 *   STOPPING   |                     STOPPING KILLING STOPPING  ENDED
 *   KILLING    |                     KILLING  KILLING KILLING   ENDED
 *   GIVING_UP  |                     STOPPING KILLING GIVING_UP ENDED
 *   ENDED      | nothing moves it
 * </pre>
 */
enum RunState {

    /** Jobs pending, or not ready yet. */
    STARTING,
    /** Every process up and ready, every oneshot done. */
    RUNNING,
    /** A stop was asked for (by a client, a dependency, or shutdown): jobs stop with their signal and grace. */
    STOPPING,
    /** A kill was asked for: jobs get SIGKILL at once. */
    KILLING,
    /** It failed for good (gave up, a required service failed): its jobs stop, and it ends in error. */
    GIVING_UP,
    ENDED;

    /** What happens to a run. */
    enum Event {
        ALL_READY, NOT_READY, STOP, KILL, GIVE_UP, END
    }

    private static final Map<RunState, Map<Event, RunState>> MOVES = new EnumMap<>(RunState.class);

    static {
        for (RunState up : new RunState[] { STARTING, RUNNING }) {
            move(up, Event.ALL_READY, RUNNING);
            move(up, Event.NOT_READY, STARTING);
            move(up, Event.STOP, STOPPING);
            move(up, Event.KILL, KILLING);
            move(up, Event.GIVE_UP, GIVING_UP);
            move(up, Event.END, ENDED);
        }
        move(STOPPING, Event.STOP, STOPPING);
        move(STOPPING, Event.KILL, KILLING);
        move(STOPPING, Event.GIVE_UP, STOPPING);
        move(STOPPING, Event.END, ENDED);
        move(KILLING, Event.STOP, KILLING);
        move(KILLING, Event.KILL, KILLING);
        move(KILLING, Event.GIVE_UP, KILLING);
        move(KILLING, Event.END, ENDED);
        move(GIVING_UP, Event.STOP, STOPPING);
        move(GIVING_UP, Event.KILL, KILLING);
        move(GIVING_UP, Event.GIVE_UP, GIVING_UP);
        move(GIVING_UP, Event.END, ENDED);
    }

    private static void move(RunState from, Event event, RunState to) {
        MOVES.computeIfAbsent(from, s -> new EnumMap<>(Event.class)).put(event, to);
    }

    /** Where {@code event} takes a run in this state; null when the table has no such move. */
    RunState on(Event event) {
        return MOVES.getOrDefault(this, Map.of()).get(event);
    }

    /** Its jobs are being stopped. */
    boolean halting() {
        return this == STOPPING || this == KILLING || this == GIVING_UP;
    }

    /** Stopped because someone asked, not because it failed. */
    boolean onRequest() {
        return this == STOPPING || this == KILLING;
    }
}
