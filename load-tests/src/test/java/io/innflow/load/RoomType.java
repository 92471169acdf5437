package io.innflow.load;

/** One room type of the demo catalog: what a hold targets. */
record RoomType(String hotelId, String roomTypeId) {}
