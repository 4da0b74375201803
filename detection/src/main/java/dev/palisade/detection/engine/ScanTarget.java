package dev.palisade.detection.engine;

/** One string of a message to scan: where it is (JSON pointer), what it says, and which tool it concerns. */
public record ScanTarget(String pointer, String text, String tool) {}
