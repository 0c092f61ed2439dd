package io.heroproc.cli;

/** What every command gets: the API and the output. */
record Context(ApiClient api, Output out) {
}
