package io.innflow.api.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.streams.inventory.StoreKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The invariant check over night counters of several partitions, each an in-memory sorted map standing
 * in for a task's store (the check reads them through Kafka Streams' read-only interface).
 */
class InvariantCheckTest {

    private static final LocalDate FIRST = LocalDate.of(2027, 3, 1);

    private final Map<Integer, NavigableMap<String, NightInventory>> partitions = new HashMap<>();
    private final Map<String, RoomTypeInfo> roomTypes = new HashMap<>();
    private final Set<String> reported = new TreeSet<>();
    private InvariantCheck check;

    @AfterEach
    void close() {
        check.close();
    }

    @Test
    void shouldCountOverbookedNightsAgainstAllotmentAndAllowanceAndTellReportedFromUnreported() {
        roomType("h-1", "dbl", 1);
        night(0, "h-1", "dbl", 0, 10, 5, 6); // 11 of 10 + 1: at its ceiling
        night(0, "h-1", "dbl", 1, 10, 6, 6); // 12: over
        night(0, "h-1", "dbl", 2, 10, 0, 12); // 12: over, but the catalog reported it
        reported.add(StoreKeys.night("h-1", "dbl", FIRST.plusDays(2)));
        roomType("h-2", "sgl", 0);
        night(1, "h-2", "sgl", 0, 3, 2, 2); // 4 of 3: over
        check = check(100);

        InvariantCheck.Result result = run();

        assertThat(result.scanned()).isEqualTo(4);
        assertThat(result.overCapacity()).isEqualTo(3);
        assertThat(result.unreported())
                .as("nights over their ceiling that nobody reported")
                .isEqualTo(2);
        assertThat(result.complete()).isTrue();
    }

    @Test
    void shouldGoOnWhereTheLastRunStoppedUntilEveryNightOfEveryPartitionIsRead() {
        roomType("h-1", "dbl", 0);
        roomType("h-2", "dbl", 0);
        for (int i = 0; i < 4; i++) {
            night(0, "h-1", "dbl", i, 10, 0, 1);
            night(3, "h-2", "dbl", i, 10, 0, 1);
        }
        // The last night of the last partition: beyond what one run reads.
        night(3, "h-2", "dbl", 3, 10, 11, 0);
        check = check(3);

        InvariantCheck.Result first = run();
        InvariantCheck.Result second = run();
        InvariantCheck.Result third = run();

        assertThat(first.complete()).isFalse();
        assertThat(first.scanned()).isEqualTo(3);
        assertThat(second.complete()).isFalse();
        assertThat(second.scanned()).as("the pass so far").isEqualTo(6);
        assertThat(second.unreported()).isZero();
        assertThat(third.complete()).isTrue();
        assertThat(third.scanned()).as("each night of the 8 read once").isEqualTo(8);
        assertThat(third.unreported()).isEqualTo(1);

        InvariantCheck.Result nextPass = run();
        assertThat(nextPass.complete()).isFalse();
        assertThat(nextPass.unreported())
                .as("while a pass is under way, the last full pass's count stands")
                .isEqualTo(1);
    }

    @Test
    void shouldStartThePassAgainAfterARunThatFailedPartWay() {
        roomType("h-1", "dbl", 0);
        for (int i = 0; i < 4; i++) {
            night(0, "h-1", "dbl", i, 1, 2, 0);
        }
        check = check(100);
        IntFunction<ReadOnlyKeyValueStore<String, NightInventory>> closedAfterTwo = p ->
                new SortedMapStore(partitions.get(p).headMap(StoreKeys.night("h-1", "dbl", FIRST.plusDays(2)), true)) {
                    @Override
                    public KeyValueIterator<String, NightInventory> all() {
                        KeyValueIterator<String, NightInventory> two = super.all();
                        return new KeyValueIterator<>() {
                            @Override
                            public boolean hasNext() {
                                if (!two.hasNext()) {
                                    throw new InvalidStateStoreException("the task moved away");
                                }
                                return true;
                            }

                            @Override
                            public KeyValue<String, NightInventory> next() {
                                return two.next();
                            }

                            @Override
                            public String peekNextKey() {
                                return two.peekNextKey();
                            }

                            @Override
                            public void close() {}
                        };
                    }
                };
        SortedSet<Integer> here = new TreeSet<>(partitions.keySet());
        assertThatThrownBy(() -> check.scan(here, closedAfterTwo, roomTypes::get))
                .isInstanceOf(InvalidStateStoreException.class);

        InvariantCheck.Result result = run();

        assertThat(result.scanned()).as("each night once").isEqualTo(4);
        assertThat(result.unreported()).isEqualTo(4);
    }

    @Test
    void shouldSkipPartitionsWithoutNightCountersHere() {
        roomType("h-1", "dbl", 0);
        night(2, "h-1", "dbl", 0, 1, 2, 0);
        check = check(100);

        InvariantCheck.Result result = check.scan(new TreeSet<>(Set.of(0, 1, 2)), this::store, roomTypes::get);

        assertThat(result.scanned()).isEqualTo(1);
        assertThat(result.unreported()).isEqualTo(1);
        assertThat(result.complete()).isTrue();
    }

    private InvariantCheck check(int maxNightsPerRun) {
        return new InvariantCheck("node-test", null, reported::contains, new SimpleMeterRegistry(), maxNightsPerRun);
    }

    private InvariantCheck.Result run() {
        SortedSet<Integer> here = new TreeSet<>(partitions.keySet());
        return check.scan(here, this::store, roomTypes::get);
    }

    private void roomType(String hotelId, String roomTypeId, int allowance) {
        roomTypes.put(
                StoreKeys.roomType(hotelId, roomTypeId),
                RoomTypeInfo.newBuilder()
                        .setHotelId(hotelId)
                        .setRoomTypeId(roomTypeId)
                        .setName(roomTypeId)
                        .setCapacity(2)
                        .setTotalRooms(10)
                        .setBasePriceMinor(10_000)
                        .setOverbookingAllowance(allowance)
                        .build());
    }

    private void night(int partition, String hotelId, String roomTypeId, int day, int allotment, int held, int sold) {
        partitions
                .computeIfAbsent(partition, p -> new TreeMap<>())
                .put(
                        StoreKeys.night(hotelId, roomTypeId, FIRST.plusDays(day)),
                        NightInventory.newBuilder()
                                .setAllotment(allotment)
                                .setHeld(held)
                                .setSold(sold)
                                .setPriceMinor(10_000)
                                .build());
    }

    private ReadOnlyKeyValueStore<String, NightInventory> store(int partition) {
        NavigableMap<String, NightInventory> nights = partitions.get(partition);
        return nights == null ? null : new SortedMapStore(nights);
    }

    /** Kafka Streams' read-only view of one task's store, over a sorted map. */
    private static class SortedMapStore implements ReadOnlyKeyValueStore<String, NightInventory> {

        private final NavigableMap<String, NightInventory> nights;

        SortedMapStore(NavigableMap<String, NightInventory> nights) {
            this.nights = nights;
        }

        @Override
        public NightInventory get(String key) {
            return nights.get(key);
        }

        @Override
        public KeyValueIterator<String, NightInventory> range(String from, String to) {
            NavigableMap<String, NightInventory> tail = from == null ? nights : nights.tailMap(from, true);
            return iterator(to == null ? tail : tail.headMap(to, true));
        }

        @Override
        public KeyValueIterator<String, NightInventory> all() {
            return iterator(nights);
        }

        @Override
        public long approximateNumEntries() {
            return nights.size();
        }

        private static KeyValueIterator<String, NightInventory> iterator(NavigableMap<String, NightInventory> map) {
            Iterator<Map.Entry<String, NightInventory>> entries =
                    new TreeMap<>(map).entrySet().iterator();
            return new KeyValueIterator<>() {
                private Map.Entry<String, NightInventory> peeked;

                @Override
                public boolean hasNext() {
                    return peeked != null || entries.hasNext();
                }

                @Override
                public KeyValue<String, NightInventory> next() {
                    Map.Entry<String, NightInventory> e = peeked != null ? peeked : entries.next();
                    peeked = null;
                    return KeyValue.pair(e.getKey(), e.getValue());
                }

                @Override
                public String peekNextKey() {
                    if (peeked == null) {
                        peeked = entries.next();
                    }
                    return peeked.getKey();
                }

                @Override
                public void close() {}
            };
        }
    }
}
