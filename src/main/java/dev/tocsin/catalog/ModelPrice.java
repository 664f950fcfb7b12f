package dev.tocsin.catalog;

import java.math.BigDecimal;

/** The list price of one model in US dollars per million tokens; exact decimals, as published. */
public record ModelPrice(String model, BigDecimal inputPerMillionUsd, BigDecimal outputPerMillionUsd) {
}
