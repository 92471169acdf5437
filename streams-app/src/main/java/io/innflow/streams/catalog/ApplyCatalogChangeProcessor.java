package io.innflow.streams.catalog;

import io.innflow.schemas.catalog.CatalogChange;
import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomNightRow;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Merges catalog rows (re-keyed by hotel) into the stores. Applying a row twice gives the same
 * state, so a replayed change is harmless. Counters (held, sold) are never touched by the catalog.
 */
public final class ApplyCatalogChangeProcessor implements Processor<String, CatalogChange, Void, Void> {

    private KeyValueStore<String, HotelInfo> hotels;
    private KeyValueStore<String, RoomTypeInfo> roomTypes;
    private KeyValueStore<String, NightInventory> nights;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        hotels = context.getStateStore(StoreNames.HOTELS);
        roomTypes = context.getStateStore(StoreNames.ROOM_TYPES);
        nights = context.getStateStore(StoreNames.NIGHT_INVENTORY);
    }

    @Override
    public void process(Record<String, CatalogChange> record) {
        CatalogChange change = record.value();
        Object row = change.getRow();
        if (row instanceof HotelInfo hotel) {
            applyHotel(hotel, change.getDeleted());
        } else if (row instanceof RoomTypeInfo roomType) {
            applyRoomType(roomType, change.getDeleted());
        } else if (row instanceof RoomNightRow night) {
            applyNight(night, change.getDeleted());
        }
    }

    private void applyHotel(HotelInfo hotel, boolean deleted) {
        if (deleted) {
            hotels.delete(hotel.getHotelId());
        } else {
            hotels.put(hotel.getHotelId(), hotel);
        }
    }

    private void applyRoomType(RoomTypeInfo roomType, boolean deleted) {
        String key = StoreKeys.roomType(roomType.getHotelId(), roomType.getRoomTypeId());
        if (deleted) {
            roomTypes.delete(key);
        } else {
            roomTypes.put(key, roomType);
        }
    }

    private void applyNight(RoomNightRow row, boolean deleted) {
        String key = StoreKeys.night(row.getHotelId(), row.getRoomTypeId(), row.getNight());
        NightInventory current = nights.get(key);
        int held = current == null ? 0 : current.getHeld();
        int sold = current == null ? 0 : current.getSold();
        if (deleted) {
            if (held + sold == 0) {
                nights.delete(key);
            } else {
                // Keep the counters of guests already holding or booked; the night stops selling.
                current.setFromCatalog(false);
                nights.put(key, current);
            }
            return;
        }
        nights.put(
                key,
                NightInventory.newBuilder()
                        .setAllotment(row.getAllotment())
                        .setHeld(held)
                        .setSold(sold)
                        .setPriceMinor(row.getPriceMinor())
                        .setStopSell(row.getStopSell())
                        .setMinLos(row.getMinLos())
                        .setMaxLos(row.getMaxLos())
                        .setClosedToArrival(row.getClosedToArrival())
                        .setClosedToDeparture(row.getClosedToDeparture())
                        .setFromCatalog(true)
                        .build());
    }
}
