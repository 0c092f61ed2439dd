package io.heroproc.logs;

/** A chunk in its stored form ({@link ChunkFormat}), numbered, ready for its row. */
record EncodedChunk(long jobId, long firstSeq, int lines, long firstTs, long lastTs, int streams, int rawBytes,
        int codec, byte[] meta, byte[] bloom, byte[] data) {

    long lastSeq() {
        return firstSeq + lines - 1;
    }

    /** What the row's blobs take on disk (retention by bytes counts this). */
    long storedBytes() {
        return meta.length + (bloom == null ? 0 : bloom.length) + data.length;
    }
}
