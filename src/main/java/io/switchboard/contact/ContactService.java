package io.switchboard.contact;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.switchboard.auth.Caller;
import io.switchboard.common.ApiException;
import io.switchboard.common.Db;
import io.switchboard.common.Page;
import io.switchboard.common.PageRequest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** Contacts (R18): search, create, edit name, classification and notes; any user of the workspace. */
@ApplicationScoped
public class ContactService {

    /** POST and PUT body; on PUT a missing number keeps the current one. */
    public record ContactRequest(@Size(max = 32) String number, @Size(max = 200) String name,
                                 Classification classification, @Size(max = 4000) String notes) {
    }

    public record NewContact(@NotBlank @Size(max = 32) String number, @Size(max = 200) String name,
                             Classification classification, @Size(max = 4000) String notes) {
    }

    private final Pool pool;

    public ContactService(Pool pool) {
        this.pool = pool;
    }

    /** By name or number ({@link ContactMatch}), ordered by name, then number (index of V4). */
    public Uni<Page<ContactDetails>> search(Caller caller, String q, PageRequest page) {
        List<Object> args = new ArrayList<>(List.of(caller.workspaceId()));
        String where = "where workspace_id = $1" + (q == null || q.isBlank() ? ""
                : " and " + ContactMatch.condition("contact", q.strip(), value -> {
                    args.add(value);
                    return "$" + args.size();
                }));
        Tuple filter = Tuple.from(args);
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(page.size());
        pageArgs.add(page.offset());
        String ids = "select id from contact " + where + " order by lower(coalesce(name, number)), id limit $"
                + (args.size() + 1) + " offset $" + (args.size() + 2);
        return Db.withCustomPlans(pool, connection -> connection.preparedQuery(ids).execute(Tuple.from(pageArgs))
                        .chain(rows -> {
                            List<UUID> found = new ArrayList<>();
                            rows.forEach(row -> found.add(row.getUUID(0)));
                            return connection.preparedQuery("select count(*) from contact " + where).execute(filter)
                                    .map(count -> Map.entry(found, count.iterator().next().getLong(0)));
                        }))
                .chain(found -> Panache.withSession(() -> Contact.<Contact>list("id in ?1", found.getKey()))
                        .map(contacts -> Page.of(inOrder(found.getKey(), contacts), page, found.getValue())));
    }

    private static List<ContactDetails> inOrder(List<UUID> ids, List<Contact> contacts) {
        Map<UUID, Contact> byId = new HashMap<>();
        contacts.forEach(contact -> byId.put(contact.id, contact));
        return ids.stream().map(byId::get).filter(Objects::nonNull).map(ContactDetails::of).toList();
    }

    @WithSession
    public Uni<ContactDetails> get(Caller caller, UUID id) {
        return find(caller, id).map(ContactDetails::of);
    }

    public Uni<ContactDetails> create(Caller caller, NewContact request) {
        String number = PhoneNumbers.require(request.number(), "number");
        Contact contact = new Contact();
        contact.id = UUID.randomUUID();
        contact.workspaceId = caller.workspaceId();
        contact.number = number;
        contact.country = PhoneNumbers.countryOf(number);
        contact.name = blankToNull(request.name());
        contact.classification = request.classification();
        contact.notes = blankToNull(request.notes());
        contact.createdAt = Instant.now();
        // A number that texted STOP stays opted out under any contact that carries it (R10).
        return Panache.withTransaction(() -> OptOuts.isOptedOut(caller.workspaceId(), number)
                        .invoke(optedOut -> contact.optedOut = optedOut)
                        .chain(contact::persist))
                .map(persisted -> ContactDetails.of(contact))
                .onFailure(failure -> Db.isUniqueViolation(failure, null))
                .recoverWithUni(failure -> existing(caller, number));
    }

    /**
     * Updates a contact. Changing its number is an admin's action, recorded: open conversations keep
     * the number they were opened with, and the contact's opt-out flag follows its new number (R10).
     */
    public Uni<ContactDetails> update(Caller caller, UUID id, ContactRequest request) {
        String number = request.number() == null ? null : PhoneNumbers.require(request.number(), "number");
        return Panache.withTransaction(() -> find(caller, id)
                        .call(contact -> number == null || number.equals(contact.number) ? Uni.createFrom().voidItem()
                                : changeNumber(caller, contact, number))
                        .invoke(contact -> {
                            contact.name = blankToNull(request.name());
                            contact.classification = request.classification();
                            contact.notes = blankToNull(request.notes());
                        }))
                .map(ContactDetails::of)
                .onFailure(failure -> Db.isUniqueViolation(failure, null))
                .recoverWithUni(failure -> existing(caller, number));
    }

    private static Uni<Void> changeNumber(Caller caller, Contact contact, String number) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("Only an admin may change a contact's number");
        }
        String old = contact.number;
        contact.number = number;
        contact.country = PhoneNumbers.countryOf(number);
        Log.infof("Contact %s: number changed by %s", contact.id, caller.agentId());
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                insert into contact_number_change (id, workspace_id, contact_id, old_number, new_number, changed_by)
                                values (:id, :ws, :contact, :old, :new, :by)""")
                        .setParameter("id", UUID.randomUUID()).setParameter("ws", caller.workspaceId())
                        .setParameter("contact", contact.id).setParameter("old", old).setParameter("new", number)
                        .setParameter("by", caller.agentId())
                        .executeUpdate())
                .chain(() -> OptOuts.isOptedOut(caller.workspaceId(), number))
                .invoke(optedOut -> {
                    contact.optedOut = optedOut;
                    contact.optedOutAt = optedOut ? Instant.now() : null;
                })
                .replaceWithVoid();
    }

    /** 409 naming the contact that already has the number. */
    private static Uni<ContactDetails> existing(Caller caller, String number) {
        return Panache.withSession(() -> Contact.<Contact>find("workspaceId = ?1 and number = ?2", caller.workspaceId(), number)
                .firstResult()).map(found -> {
                    throw new ApiException(409, "contact_exists", "A contact with this number exists",
                            Map.of("id", found == null ? "" : found.id.toString()));
                });
    }

    /** The workspace's contact or 404, never another workspace's. */
    public static Uni<Contact> find(Caller caller, UUID id) {
        return Contact.<Contact>find("id = ?1 and workspaceId = ?2", id, caller.workspaceId()).firstResult()
                .onItem().ifNull().failWith(() -> ApiException.notFound("Contact"));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
