package org.communityhub.matching;

/** What a scan did: residents read, blocks (residents sharing a name key), pairs compared and found. */
record ScanCounts(int residents, int blocks, long comparisons, int pairsFound, int pairsNew) {}
