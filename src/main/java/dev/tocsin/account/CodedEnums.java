package dev.tocsin.account;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Locale;

/** Stores enums as the lower-case codes the API and the schema's check constraints use. */
final class CodedEnums {

    private CodedEnums() {
    }

    abstract static class Column<E extends Enum<E>> implements AttributeConverter<E, String> {
        private final Class<E> type;

        Column(Class<E> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(E value) {
            return value == null ? null : value.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public E convertToEntityAttribute(String code) {
            return code == null ? null : Enum.valueOf(type, code.toUpperCase(Locale.ROOT));
        }
    }

    @Converter
    static final class RoleColumn extends Column<Role> {
        RoleColumn() {
            super(Role.class);
        }
    }

    @Converter
    static final class PlanColumn extends Column<Plan> {
        PlanColumn() {
            super(Plan.class);
        }
    }

    @Converter
    static final class SubscriptionStateColumn extends Column<SubscriptionState> {
        SubscriptionStateColumn() {
            super(SubscriptionState.class);
        }
    }

    @Converter
    static final class KeyScopeColumn extends Column<KeyScope> {
        KeyScopeColumn() {
            super(KeyScope.class);
        }
    }
}
