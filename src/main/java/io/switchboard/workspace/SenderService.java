package io.switchboard.workspace;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.channel.Channel;
import io.switchboard.common.ApiException;
import io.switchboard.common.Db;
import io.switchboard.contact.PhoneNumbers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Business numbers, their queue, appended message, limits and business hours. */
@ApplicationScoped
public class SenderService {

    public record Hours(@NotNull DayOfWeek day, @NotNull LocalTime opens, @NotNull LocalTime closes) {
    }

    public record NewSender(
            @NotBlank String number,
            @NotNull Channel channel,
            @NotNull UUID queueId,
            @Size(max = 320) String appendedMessage,
            @Pattern(regexp = "[A-Za-z]{2}", message = "must be a two-letter ISO 3166 country code") String country,
            @Min(1) Integer dailyLimit,
            String timeZone,
            @Size(max = 50) List<@Valid @NotNull Hours> businessHours,
            @Size(max = 640) String waitingReply,
            @Size(max = 640) String closedHoursReply) {
    }

    /** {@code PUT /api/senders/{id}}: the fields given change, the others stay; a blank text removes it. */
    public record SenderChange(
            @Size(max = 320) String appendedMessage,
            @Min(1) Integer dailyLimit,
            String timeZone,
            @Size(max = 50) List<@Valid @NotNull Hours> businessHours,
            @Size(max = 640) String waitingReply,
            @Size(max = 640) String closedHoursReply) {
    }

    public record SenderView(UUID id, String number, Channel channel, UUID queueId, String appendedMessage,
                             String country, Integer dailyLimit, String timeZone, List<Hours> businessHours,
                             String waitingReply, String closedHoursReply) {
        static SenderView of(Sender sender, List<SenderHours> hours) {
            return new SenderView(sender.id, sender.number, sender.channel, sender.queueId, sender.appendedMessage,
                    sender.country, sender.dailyLimit, sender.timeZone,
                    hours.stream()
                            .sorted(Comparator.comparing((SenderHours h) -> h.dayOfWeek).thenComparing(h -> h.opensAt))
                            .map(h -> new Hours(DayOfWeek.of(h.dayOfWeek), h.opensAt, h.closesAt)).toList(),
                    sender.waitingReply, sender.closedHoursReply);
        }
    }

    @WithTransaction
    public Uni<SenderView> create(Caller caller, NewSender request) {
        Sender sender = new Sender();
        sender.id = UUID.randomUUID();
        sender.workspaceId = caller.workspaceId();
        sender.queueId = request.queueId();
        sender.number = PhoneNumbers.require(request.number(), "number");
        sender.channel = request.channel();
        sender.appendedMessage = blankToNull(request.appendedMessage());
        sender.country = request.country() != null ? request.country().toUpperCase(Locale.ROOT) : PhoneNumbers.countryOf(sender.number);
        sender.dailyLimit = request.dailyLimit();
        sender.timeZone = zone(request.timeZone());
        sender.waitingReply = blankToNull(request.waitingReply());
        sender.closedHoursReply = blankToNull(request.closedHoursReply());
        sender.createdAt = Instant.now();
        List<SenderHours> hours = hours(sender.id, request.businessHours());
        return QueueService.find(caller.workspaceId(), request.queueId())
                .chain(queue -> sender.<Sender>persist())
                .call(saved -> hours.isEmpty() ? Uni.createFrom().voidItem() : SenderHours.persist(hours))
                .call(saved -> saved.flush())
                .map(saved -> SenderView.of(saved, hours))
                .onFailure(f -> Db.isUniqueViolation(f, null))
                .transform(f -> ApiException.conflict("number_taken", "The number " + sender.number + " is already a sender"));
    }

    /** An admin changes a sender's texts, limit, time zone or business hours (R9, R10, R26). */
    @WithTransaction
    public Uni<SenderView> change(Caller caller, UUID senderId, SenderChange change) {
        return Sender.<Sender>find("id = ?1 and workspaceId = ?2", senderId, caller.workspaceId()).firstResult()
                .onItem().ifNull().failWith(() -> ApiException.notFound("Sender"))
                .invoke(sender -> {
                    if (change.appendedMessage() != null) {
                        sender.appendedMessage = blankToNull(change.appendedMessage());
                    }
                    if (change.dailyLimit() != null) {
                        sender.dailyLimit = change.dailyLimit();
                    }
                    if (change.timeZone() != null) {
                        sender.timeZone = zone(change.timeZone());
                    }
                    if (change.waitingReply() != null) {
                        sender.waitingReply = blankToNull(change.waitingReply());
                    }
                    if (change.closedHoursReply() != null) {
                        sender.closedHoursReply = blankToNull(change.closedHoursReply());
                    }
                })
                .call(sender -> change.businessHours() == null ? Uni.createFrom().voidItem()
                        : SenderHours.delete("senderId", sender.id)
                        .call(() -> SenderHours.persist(hours(sender.id, change.businessHours()))))
                .call(sender -> sender.flush())
                .chain(sender -> SenderHours.<SenderHours>list("senderId", sender.id).map(hours -> SenderView.of(sender, hours)));
    }

    /** Admins see every sender of the workspace; others the senders of their queues. */
    @WithSession
    public Uni<List<SenderView>> list(Caller caller) {
        Uni<List<Sender>> senders = caller.isAdmin()
                ? Sender.list("workspaceId = ?1 order by number", caller.workspaceId())
                : Sender.list("workspaceId = ?1 and queueId in (select m.queueId from QueueMember m where m.agentId = ?2) order by number",
                caller.workspaceId(), caller.agentId());
        return senders.chain(found -> hoursOf(found).map(hours -> found.stream()
                .map(s -> SenderView.of(s, hours.getOrDefault(s.id, List.of()))).toList()));
    }

    private static Uni<Map<UUID, List<SenderHours>>> hoursOf(List<Sender> senders) {
        if (senders.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return SenderHours.<SenderHours>list("senderId in ?1", senders.stream().map(s -> s.id).toList())
                .map(all -> all.stream().collect(Collectors.groupingBy(h -> h.senderId)));
    }

    private static List<SenderHours> hours(UUID senderId, List<Hours> requested) {
        if (requested == null) {
            return List.of();
        }
        return requested.stream().map(h -> {
            if (!h.opens().isBefore(h.closes())) {
                throw ApiException.badRequest("invalid_field", "businessHours", "opens must be before closes");
            }
            SenderHours row = new SenderHours();
            row.senderId = senderId;
            row.dayOfWeek = (short) h.day().getValue();
            row.opensAt = h.opens();
            row.closesAt = h.closes();
            return row;
        }).toList();
    }

    private static String zone(String requested) {
        if (requested == null || requested.isBlank()) {
            return "UTC";
        }
        try {
            return ZoneId.of(requested.strip()).getId();
        } catch (DateTimeException e) {
            throw ApiException.badRequest("invalid_field", "timeZone", "timeZone must be an IANA zone such as Europe/Berlin");
        }
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
