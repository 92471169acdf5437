package io.innflow.api.partner;

/** What validating a night needs to know of its room type. */
record RoomTypeRef(String roomTypeId, int totalRooms, boolean active) {}
