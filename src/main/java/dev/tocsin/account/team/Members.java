package dev.tocsin.account.team;

import dev.tocsin.account.AccountConfig;
import dev.tocsin.account.AccountService;
import dev.tocsin.account.Emails;
import dev.tocsin.account.Membership;
import dev.tocsin.account.Role;
import dev.tocsin.account.User;
import dev.tocsin.account.audit.AuditLog;
import dev.tocsin.platform.problem.ProblemException;
import dev.tocsin.platform.security.SendLimits;
import dev.tocsin.platform.security.SignedLinks;
import dev.tocsin.platform.security.UsedTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The people of an account: invitations by email, roles, removal. Owners and admins manage people;
 * only owners touch other owners, and an account always keeps at least one owner.
 */
@ApplicationScoped
public class Members {

    private final AccountService accounts;
    private final AccountConfig config;
    private final SignedLinks links;
    private final UsedTokens usedTokens;
    private final AuditLog audit;
    private final Clock clock;
    private final SendLimits limits;

    Members(AccountService accounts, AccountConfig config, SignedLinks links, UsedTokens usedTokens, AuditLog audit, Clock clock,
            SendLimits limits) {
        this.limits = limits;
        this.accounts = accounts;
        this.config = config;
        this.links = links;
        this.usedTokens = usedTokens;
        this.audit = audit;
        this.clock = clock;
    }

    public record Member(UUID userId, String email, Role role, boolean emailVerified) {
    }

    /** An invitation and the token of its link, which is not stored. */
    public record Invited(Invitation invitation, String token) {
    }

    public List<Member> list(UUID accountId) {
        List<Membership> memberships = Membership.list("accountId", accountId);
        Map<UUID, User> users = User.<User>list("id in ?1", memberships.stream().map(m -> m.userId).toList())
                .stream().collect(Collectors.toMap(u -> u.id, Function.identity()));
        return memberships.stream()
                .map(m -> new Member(m.userId, users.get(m.userId).email, m.role, users.get(m.userId).emailVerified()))
                .sorted(Comparator.comparing(Member::role).thenComparing(Member::email))
                .toList();
    }

    @Transactional
    public Invited invite(UUID accountId, Role actorRole, AuditLog.Actor actor, String email, Role role) {
        requireManager(actorRole);
        String normalized = Emails.normalize(email);
        if (!Emails.isValid(normalized)) {
            throw ProblemException.invalid("email", "must be an email address");
        }
        if (role == Role.OWNER) {
            throw ProblemException.invalid("role", "must be admin, member or viewer; ownership is given by an owner after joining");
        }
        limits.check(SendLimits.Kind.CONSENT_MAIL, accountId, normalized);
        Invitation invitation = new Invitation();
        invitation.id = UUID.randomUUID();
        invitation.accountId = accountId;
        invitation.email = normalized;
        invitation.role = role;
        invitation.invitedBy = actor.userId();
        invitation.createdAt = clock.instant();
        invitation.expiresAt = invitation.createdAt.plus(config.invitationValidity());
        invitation.persist();
        audit.record(accountId, actor, AuditLog.MEMBER_INVITED, normalized + " as " + role.code());
        String token = links.issue(SignedLinks.Purpose.INVITATION, invitation.id.toString(), config.invitationValidity());
        return new Invited(invitation, token);
    }

    /** The invitation a verified link names, still open. */
    public Invitation pending(SignedLinks.Verified link) {
        Invitation invitation = Invitation.<Invitation>findByIdOptional(UUID.fromString(link.subject()))
                .orElseThrow(() -> new SignedLinks.InvalidLinkException(SignedLinks.Refusal.FORGED));
        if (invitation.acceptedAt != null) {
            throw new SignedLinks.InvalidLinkException(SignedLinks.Refusal.USED);
        }
        return invitation;
    }

    /**
     * Accepts an invitation for a user whose address matches it: the invitation was sent to that
     * address, so accepting it also proves the address.
     */
    @Transactional
    public Membership accept(SignedLinks.Verified link, User user, String ip) {
        Invitation invitation = pending(link);
        if (!Emails.normalize(user.email).equals(invitation.email)) {
            throw ProblemException.forbidden("This invitation was sent to another address.");
        }
        usedTokens.consume(link);
        invitation.acceptedAt = clock.instant();
        User managed = User.findById(user.id);
        if (managed.emailVerifiedAt == null) {
            managed.emailVerifiedAt = clock.instant();
        }
        Membership membership = accounts.join(invitation.accountId, user.id, invitation.role);
        audit.record(invitation.accountId, AuditLog.Actor.user(user.id, ip), AuditLog.MEMBER_JOINED, user.email);
        return membership;
    }

    /** Accepts for someone new to Tocsin: the user is created with the invited (and so proven) address. */
    @Transactional
    public User acceptAsNewUser(SignedLinks.Verified link, String password, String ip) {
        Invitation invitation = pending(link);
        User user = accounts.createUser(invitation.email, password);
        accept(link, user, ip);
        return user;
    }

    @Transactional
    public Membership changeRole(UUID accountId, Role actorRole, AuditLog.Actor actor, UUID userId, Role newRole) {
        requireManager(actorRole);
        Membership membership = membership(accountId, userId);
        if ((membership.role == Role.OWNER || newRole == Role.OWNER) && actorRole != Role.OWNER) {
            throw ProblemException.forbidden("Only an owner can grant or take away ownership.");
        }
        if (membership.role == Role.OWNER && newRole != Role.OWNER) {
            requireAnotherOwner(accountId);
        }
        if (membership.role != newRole) {
            audit.record(accountId, actor, AuditLog.ROLE_CHANGED, userId + " " + membership.role.code() + " -> " + newRole.code());
            membership.role = newRole;
        }
        return membership;
    }

    @Transactional
    public void remove(UUID accountId, Role actorRole, AuditLog.Actor actor, UUID userId) {
        requireManager(actorRole);
        Membership membership = membership(accountId, userId);
        if (membership.role == Role.OWNER) {
            if (actorRole != Role.OWNER) {
                throw ProblemException.forbidden("Only an owner can remove an owner.");
            }
            requireAnotherOwner(accountId);
        }
        membership.delete();
        audit.record(accountId, actor, AuditLog.MEMBER_REMOVED, userId.toString());
    }

    private static Membership membership(UUID accountId, UUID userId) {
        return Membership.of(accountId, userId)
                .orElseThrow(() -> ProblemException.notFound("No member " + userId + "."));
    }

    private static void requireManager(Role actorRole) {
        if (actorRole == null || !actorRole.canManageMembers()) {
            throw ProblemException.forbidden("Only owners and admins manage members.");
        }
    }

    private static void requireAnotherOwner(UUID accountId) {
        // Locks the account's owner rows so two owners demoting each other at once cannot both succeed.
        List<Membership> owners = Membership.find("accountId = ?1 and role = ?2", accountId, Role.OWNER)
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).list();
        if (owners.size() < 2) {
            throw ProblemException.conflict("An account needs at least one owner: make someone else owner first.");
        }
    }
}
