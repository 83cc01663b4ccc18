package io.switchboard.conversation.timeline;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationAccess;
import io.switchboard.conversation.ConversationErrors;
import io.switchboard.conversation.Message;
import io.switchboard.conversation.MessageView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.contact.Contact;
import io.switchboard.conversation.timeline.Transcript.Line;
import io.switchboard.conversation.timeline.TimelineEntry.EventEntry;
import io.switchboard.conversation.timeline.TimelineEntry.MessageEntry;
import io.switchboard.conversation.timeline.TimelineEntry.NoteEntry;
import io.switchboard.workspace.Agent;
import io.switchboard.workspace.Sender;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Builds transcripts (R19) for the owner (the last owner once closed), supervisors and admins. */
@ApplicationScoped
public class TranscriptService {

    /** A transcript is for reading: beyond this many entries it says where it stops. */
    static final int MAX_ENTRIES = 10_000;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final TimelineService timeline;

    public TranscriptService(TimelineService timeline) {
        this.timeline = timeline;
    }

    @WithSession
    public Uni<Transcript> of(Caller caller, UUID conversationId) {
        return ConversationAccess.visible(caller, conversationId).chain(conversation -> {
            UUID owner = conversation.isClosed() ? conversation.lastOwnerId : conversation.ownerId;
            if (!caller.seesAll() && !caller.agentId().equals(owner)) {
                throw ConversationErrors.notOwner();
            }
            return Contact.<Contact>findById(conversation.contactId).chain(contact ->
                    Sender.<Sender>findById(conversation.senderId).chain(sender ->
                            timeline.entries(conversation.id, MAX_ENTRIES + 1, 0).chain(entries ->
                                    agentsNamedIn(entries).map(agents ->
                                            build(conversation, contact, sender, entries, names(agents))))));
        });
    }

    /** The agents a transcript names: message and note authors, event actors and transfer targets. */
    private static Uni<List<Agent>> agentsNamedIn(List<TimelineEntry> entries) {
        Set<UUID> ids = new HashSet<>();
        for (TimelineEntry entry : entries) {
            if (entry instanceof MessageEntry m && m.message().authorId() != null) {
                ids.add(m.message().authorId());
            } else if (entry instanceof NoteEntry n) {
                ids.add(n.note().authorId());
            } else if (entry instanceof EventEntry e) {
                if (e.actorId() != null) {
                    ids.add(e.actorId());
                }
                if (e.data() != null && e.data().get("toOwnerId") != null) {
                    ids.add(UUID.fromString(e.data().get("toOwnerId").toString()));
                }
            }
        }
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : Agent.list("id in ?1", ids);
    }

    private static Map<UUID, String> names(List<Agent> agents) {
        Map<UUID, String> names = new HashMap<>();
        agents.forEach(agent -> names.put(agent.id, agent.displayName != null ? agent.displayName : agent.username));
        return names;
    }

    private static Transcript build(Conversation conversation, Contact contact, Sender sender, List<TimelineEntry> entries,
                                    Map<UUID, String> agents) {
        String who = contact.name != null ? contact.name + " (+" + contact.number + ")" : "+" + contact.number;
        List<String> heading = List.of(
                "Contact: " + who,
                "Channel: " + conversation.channel + " via +" + sender.number,
                "Status: " + conversation.status,
                "Started: " + TIME.format(conversation.createdAt)
                        + (conversation.closedAt != null ? " · Closed: " + TIME.format(conversation.closedAt) : ""));
        List<Line> lines = new ArrayList<>();
        for (TimelineEntry entry : entries.subList(0, Math.min(entries.size(), MAX_ENTRIES))) {
            lines.add(line(entry, who, agents));
        }
        if (entries.size() > MAX_ENTRIES) {
            lines.add(new Line(TIME.format(Instant.now()), "", "transcript cut after " + MAX_ENTRIES + " entries", false, true));
        }
        return new Transcript("Conversation with " + who, heading, lines);
    }

    private static Line line(TimelineEntry entry, String contact, Map<UUID, String> agents) {
        String time = TIME.format(entry.at());
        if (entry instanceof MessageEntry m) {
            String author = m.message().direction() == Message.Direction.IN ? contact : name(agents, m.message().authorId());
            return new Line(time, author, body(m.message()), false, false);
        }
        if (entry instanceof NoteEntry n) {
            return new Line(time, name(agents, n.note().authorId()), n.note().text(), true, false);
        }
        EventEntry e = (EventEntry) entry;
        return new Line(time, name(agents, e.actorId()), describe(e, agents), false, true);
    }

    private static String body(MessageView message) {
        String text = message.text() == null ? "" : message.text();
        if (message.mediaUrl() != null) {
            return text.isBlank() ? Transcript.MEDIA_PLACEHOLDER : text + " " + Transcript.MEDIA_PLACEHOLDER;
        }
        return text;
    }

    private static String describe(EventEntry event, Map<UUID, String> agents) {
        Map<String, Object> data = event.data() == null ? Map.of() : event.data();
        String actor = name(agents, event.actorId());
        return switch (event.type()) {
            case "claimed" -> "claimed by " + actor;
            case "routed" -> "routed to " + name(agents, UUID.fromString(data.get("toOwnerId").toString()));
            case "transferred" -> "transferred by " + actor + (data.get("toOwnerId") != null
                    ? " to " + name(agents, UUID.fromString(data.get("toOwnerId").toString())) : " to the queue");
            case "status_changed" -> "status " + data.get("from") + " → " + data.get("to");
            case "tagged" -> "tags set to " + data.get("tags") + " by " + actor;
            case "closed" -> "closed by " + actor;
            default -> event.type().replace('_', ' ');
        };
    }

    private static String name(Map<UUID, String> agents, UUID id) {
        return id == null ? "system" : agents.getOrDefault(id, "agent");
    }
}
