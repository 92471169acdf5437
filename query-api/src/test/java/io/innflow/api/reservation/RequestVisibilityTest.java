package io.innflow.api.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.HoldStatus;
import io.innflow.schemas.reservation.RequestRecord;
import io.innflow.schemas.reservation.ReservationResult;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A request's result is its sender's: anyone else is told it is unknown, rejections included. */
class RequestVisibilityTest {

    private static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");

    private static ReservationResult rejected() {
        return ReservationResult.newBuilder()
                .setRequestId("r-1")
                .setHotelId("bkk-001")
                .setAccepted(false)
                .setReason("NO_AVAILABILITY")
                .setMessage("sold out")
                .setProcessedAt(NOW)
                .build();
    }

    private static RequestRecord record(ReservationResult result, String principal) {
        return RequestRecord.newBuilder()
                .setFingerprint("fp")
                .setResult(result)
                .setStoredAt(NOW)
                .setPrincipal(principal)
                .build();
    }

    @Test
    void shouldShowARejectedRequestToItsSenderOnly() {
        RequestRecord record = record(rejected(), "guest:a");

        assertThat(ReservationQueries.readableBy(record, "guest:a")).isTrue();
        assertThat(ReservationQueries.readableBy(record, "guest:b")).isFalse();
        assertThat(ReservationQueries.readableBy(record, "partner:p-1")).isFalse();
    }

    @Test
    void shouldJudgeARecordStoredBeforeSendersWereKeptByTheOwnerOfWhatItMade() {
        Hold hold = Hold.newBuilder()
                .setHoldId("h-1")
                .setHotelId("bkk-001")
                .setRoomTypeId("std")
                .setCheckIn(LocalDate.of(2027, 1, 10))
                .setCheckOut(LocalDate.of(2027, 1, 11))
                .setQuantity(1)
                .setNights(List.of())
                .setTotalMinor(0)
                .setCurrency("THB")
                .setStatus(HoldStatus.ACTIVE)
                .setRequestId("r-1")
                .setCreatedAt(NOW)
                .setExpiresAt(NOW.plusSeconds(600))
                .setPrincipal("guest:a")
                .build();
        ReservationResult accepted = ReservationResult.newBuilder(rejected())
                .setAccepted(true)
                .setReason(null)
                .setMessage(null)
                .setHold(hold)
                .build();

        assertThat(ReservationQueries.readableBy(record(accepted, null), "guest:a"))
                .isTrue();
        assertThat(ReservationQueries.readableBy(record(accepted, null), "guest:b"))
                .isFalse();
    }
}
