package dev.tocsin.account;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Locale;

/** Stores enums as the lower-case codes the API and the schema's check constraints use. */
public final class CodedEnums {

    private CodedEnums() {
    }

    public abstract static class Column<E extends Enum<E>> implements AttributeConverter<E, String> {
        private final Class<E> type;

        protected Column(Class<E> type) {
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
    public static final class RoleColumn extends Column<Role> {
        public RoleColumn() {
            super(Role.class);
        }
    }

    @Converter
    public static final class KeyScopeColumn extends Column<KeyScope> {
        public KeyScopeColumn() {
            super(KeyScope.class);
        }
    }
}
