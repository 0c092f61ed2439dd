package io.heroproc.web;

import io.heroproc.model.Run;
import java.util.List;

/** A run and its actions in start order, attempts collapsed. */
public record RunRow(Run run, List<ActionAttempts> actions) {
}
