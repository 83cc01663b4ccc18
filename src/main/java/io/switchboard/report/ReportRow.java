package io.switchboard.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.UUID;

/**
 * One agent's or one queue's figures for a date range (#21): conversations handled (closed in the
 * range), first-response time (from the conversation's start to the first reply) and handle time
 * (from being taken, or started when never taken, to close) as median and 90th percentile in
 * seconds, and the share of those with a first-response target that met it. Null where nothing
 * was there to measure. CSAT: of those conversations, {@code surveys} asked for a rating,
 * {@code ratings} were rated, averaging {@code csatAverage} (1 to 5).
 */
@JsonPropertyOrder({"id", "name", "handled", "firstResponseMedianSeconds", "firstResponseP90Seconds",
        "handleMedianSeconds", "handleP90Seconds", "slaMetPercent", "surveys", "ratings", "csatAverage"})
public record ReportRow(UUID id, String name, long handled, Long firstResponseMedianSeconds, Long firstResponseP90Seconds,
                        Long handleMedianSeconds, Long handleP90Seconds, Double slaMetPercent,
                        long surveys, long ratings, Double csatAverage) {
}
