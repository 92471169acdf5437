package io.innflow.api.search;

import java.util.List;
import java.util.Map;

/**
 * One instance's answer to a search, from the partitions it owns.
 *
 * @param matches how many hotels matched, per partition answered for
 * @param hits the first {@code page * size} matches of those partitions, in the search's order
 */
public record SearchLeg(Map<Integer, Integer> matches, List<SearchHit> hits) {}
