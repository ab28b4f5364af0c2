// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {AIAttestFixture} from "./AIAttestFixture.sol";
import {VM, Vm} from "./Vm.sol";

/// @dev registerModel, updateModelMetadata, retireModel, getModel, computeModelId.
contract ModelRegistryTest is AIAttestFixture {
    bytes32 private constant WEIGHTS = keccak256("weights");

    // ---- registerModel ----

    function test_registerModel_storesTheModelAndMakesTheCallerAPublisher() public {
        bytes32 expectedId = keccak256(abi.encode(publisher, "llama", "3.1"));
        VM.expectEmit(true, true, true, true, address(attest));
        emit IModelRegistry.PublisherRegistered(publisher);
        VM.expectEmit(true, true, true, true, address(attest));
        emit IModelRegistry.ModelRegistered(expectedId, publisher, "llama", "3.1", WEIGHTS, "ipfs://card", bytes32(0));
        VM.prank(publisher);
        bytes32 modelId = attest.registerModel("llama", "3.1", WEIGHTS, "ipfs://card", bytes32(0));

        assertEq(modelId, expectedId, "model id");
        IModelRegistry.Model memory model = attest.getModel(modelId);
        assertEq(model.publisher, publisher, "publisher");
        assertEq(model.registeredAt, START, "registeredAt");
        assertEq(model.retiredAt, 0, "retiredAt");
        assertEq(model.weightsDigest, WEIGHTS, "weightsDigest");
        assertEq(model.parentModelId, bytes32(0), "parentModelId");
        assertEq(model.name, "llama", "name");
        assertEq(model.version, "3.1", "version");
        assertEq(model.metadataURI, "ipfs://card", "metadataURI");
        _assertKey(publisher, publisher, IModelRegistry.KeyRole.Publisher, START, NO_EXPIRY);
    }

    function test_registerModel_secondModelDoesNotRegisterThePublisherAgain() public {
        bytes32 first = _registerModel(publisher, "first");
        VM.warp(START + 100);
        bytes32 expectedId = keccak256(abi.encode(publisher, "second", "1.1"));
        VM.expectEmit(true, true, true, true, address(attest));
        emit IModelRegistry.ModelRegistered(expectedId, publisher, "second", "1.1", WEIGHTS, "", first);
        VM.recordLogs();
        VM.prank(publisher);
        bytes32 modelId = attest.registerModel("second", "1.1", WEIGHTS, "", first);
        Vm.Log[] memory logs = VM.getRecordedLogs();
        assertEq(logs.length, 1, "only ModelRegistered");
        assertEq(logs[0].topics[0], IModelRegistry.ModelRegistered.selector, "event");
        assertEq(logs[0].topics[1], modelId, "indexed model id");
        assertEq(attest.getModel(modelId).parentModelId, first, "parent of the same publisher");
        // the publisher's record still dates from its first model
        _assertKey(publisher, publisher, IModelRegistry.KeyRole.Publisher, START, NO_EXPIRY);
    }

    function test_registerModel_acceptsAParentOfAnotherPublisher() public {
        bytes32 parent = _registerModel(otherPublisher, "base");
        VM.expectEmit(true, true, true, true, address(attest));
        emit IModelRegistry.ModelRegistered(
            keccak256(abi.encode(publisher, "tuned", "1")),
            publisher,
            "tuned",
            "1",
            bytes32(0),
            "",
            parent
        );
        VM.prank(publisher);
        bytes32 child = attest.registerModel("tuned", "1", bytes32(0), "", parent);
        assertEq(attest.getModel(child).parentModelId, parent, "parent");
        assertEq(attest.getModel(child).publisher, publisher, "the child is the caller's");
    }

    function test_registerModel_sameNameAndVersionUnderTwoPublishersGetTwoIds() public {
        bytes32 mine = _registerModel(publisher, "llama");
        bytes32 theirs = _registerModel(otherPublisher, "llama");
        assertNotEq(mine, theirs, "ids are namespaced by publisher");
        assertEq(attest.getModel(mine).publisher, publisher, "my model");
        assertEq(attest.getModel(theirs).publisher, otherPublisher, "their model");
    }

    function test_registerModel_aSquatterOfTheSameNameAndVersionGetsItsOwnId() public {
        // someone front-runs the lab's next registration with its name and version
        VM.prank(otherPublisher);
        bytes32 squatted = attest.registerModel("llama", "2.0", bytes32(0), "ipfs://fake", bytes32(0));
        bytes32 expectedId = keccak256(abi.encode(publisher, "llama", "2.0"));
        VM.expectEmit(true, true, true, true, address(attest));
        emit IModelRegistry.PublisherRegistered(publisher);
        VM.expectEmit(true, true, true, true, address(attest));
        emit IModelRegistry.ModelRegistered(expectedId, publisher, "llama", "2.0", bytes32(0), "ipfs://real", bytes32(0));
        VM.prank(publisher);
        bytes32 real = attest.registerModel("llama", "2.0", bytes32(0), "ipfs://real", bytes32(0));
        assertEq(real, expectedId, "the lab's id");
        assertNotEq(real, squatted, "the squatter's id is its own");
        assertEq(attest.getModel(real).publisher, publisher, "lab model publisher");
        assertEq(attest.getModel(real).metadataURI, "ipfs://real", "lab model card");
        assertEq(attest.getModel(squatted).publisher, otherPublisher, "squatter model publisher");
    }

    function test_registerModel_revertsOnEmptyName() public {
        VM.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryEmptyField.selector, "name"));
        VM.prank(publisher);
        attest.registerModel("", "1", bytes32(0), "", bytes32(0));
    }

    function test_registerModel_revertsOnEmptyVersion() public {
        VM.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryEmptyField.selector, "version"));
        VM.prank(publisher);
        attest.registerModel("llama", "", bytes32(0), "", bytes32(0));
    }

    function test_registerModel_revertsOnUnknownParent() public {
        bytes32 parent = keccak256("nobody registered this");
        VM.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryUnknownModel.selector, parent));
        VM.prank(publisher);
        attest.registerModel("llama", "1", bytes32(0), "", parent);
        // the failed call did not make the caller a publisher
        _assertKey(publisher, address(0), IModelRegistry.KeyRole.None, 0, 0);
    }

    function test_registerModel_revertsOnDuplicate() public {
        bytes32 modelId = _registerModel(publisher, "llama");
        VM.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryModelExists.selector, modelId));
        _registerModel(publisher, "llama");
    }

    function test_registerModel_revertsWhenTheCallerIsASignerKey() public {
        _authorize(publisher, SIGNER_PK, IModelRegistry.KeyRole.Signer);
        VM.expectRevert(
            abi.encodeWithSelector(
                IModelRegistry.ModelRegistryAccountInUse.selector,
                signer,
                publisher,
                IModelRegistry.KeyRole.Signer
            )
        );
        _registerModel(signer, "llama");
    }

    function test_registerModel_revertsWhenTheCallerIsAnAnchorerKey() public {
        _authorize(publisher, ANCHORER_PK, IModelRegistry.KeyRole.Anchorer);
        VM.expectRevert(
            abi.encodeWithSelector(
                IModelRegistry.ModelRegistryAccountInUse.selector,
                anchorer,
                publisher,
                IModelRegistry.KeyRole.Anchorer
            )
        );
        _registerModel(anchorer, "llama");
    }

    function test_registerModel_revertsWhenTheCallerIsARevokedAnchorerKey() public {
        _authorize(publisher, ANCHORER_PK, IModelRegistry.KeyRole.Anchorer);
        VM.prank(publisher);
        attest.revokeKey(anchorer, uint64(START));
        VM.expectRevert(
            abi.encodeWithSelector(
                IModelRegistry.ModelRegistryAccountInUse.selector,
                anchorer,
                publisher,
                IModelRegistry.KeyRole.Anchorer
            )
        );
        _registerModel(anchorer, "llama");
    }

    function test_registerModel_revertsOnABlockTimePastUint40() public {
        VM.warp(2 ** 40);
        VM.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, uint8(40), 2 ** 40));
        _registerModel(publisher, "late");
    }

    function testFuzz_registerModel_idIsKeccakOfPublisherNameVersion(
        address caller,
        string calldata name,
        string calldata version,
        bytes32 weightsDigest,
        string calldata metadataURI
    ) public {
        VM.assume(caller != address(0) && bytes(name).length > 0 && bytes(version).length > 0);
        bytes32 expectedId = keccak256(abi.encode(caller, name, version));
        assertEq(attest.computeModelId(caller, name, version), expectedId, "computeModelId");

        VM.prank(caller);
        bytes32 modelId = attest.registerModel(name, version, weightsDigest, metadataURI, bytes32(0));
        assertEq(modelId, expectedId, "registered id");
        IModelRegistry.Model memory model = attest.getModel(modelId);
        assertEq(model.publisher, caller, "publisher");
        assertEq(model.name, name, "name");
        assertEq(model.version, version, "version");
        assertEq(model.weightsDigest, weightsDigest, "weightsDigest");
        assertEq(model.metadataURI, metadataURI, "metadataURI");

        VM.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryModelExists.selector, expectedId));
        VM.prank(caller);
        attest.registerModel(name, version, bytes32(0), "", bytes32(0));
    }

    function testFuzz_computeModelId_distinctInputsNeverCollide(
        string calldata nameA,
        string calldata versionA,
        string calldata nameB,
        string calldata versionB
    ) public view {
        bool sameInputs = keccak256(bytes(nameA)) == keccak256(bytes(nameB)) &&
            keccak256(bytes(versionA)) == keccak256(bytes(versionB));
        bytes32 idA = attest.computeModelId(publisher, nameA, versionA);
        bytes32 idB = attest.computeModelId(publisher, nameB, versionB);
        // abi.encode length-prefixes each string, so ("ab", "c") and ("a", "bc") differ
        assertEq(idA == idB ? 1 : 0, sameInputs ? 1 : 0, "ids equal iff inputs equal");
        assertNotEq(attest.computeModelId(otherPublisher, nameA, versionA), idA, "publisher namespace");
    }

    function test_computeModelId_splitsNameAndVersionUnambiguously() public view {
        assertNotEq(
            attest.computeModelId(publisher, "ab", "c"),
            attest.computeModelId(publisher, "a", "bc"),
            "name/version boundary"
        );
    }

    // ---- updateModelMetadata ----

    function test_updateModelMetadata_replacesTheURI() public {
        bytes32 modelId = _registerModel(publisher, "llama");
        VM.expectEmit(true, true, true, true, address(attest));
        emit IModelRegistry.ModelMetadataUpdated(modelId, "ar://new-card");
        VM.prank(publisher);
        attest.updateModelMetadata(modelId, "ar://new-card");
        assertEq(attest.getModel(modelId).metadataURI, "ar://new-card", "metadataURI");
    }

    function test_updateModelMetadata_revertsOnUnknownModel() public {
        bytes32 modelId = keccak256("unknown");
        VM.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryUnknownModel.selector, modelId));
        VM.prank(publisher);
        attest.updateModelMetadata(modelId, "x");
    }

    function test_updateModelMetadata_revertsForAnotherPublisher() public {
        bytes32 modelId = _registerModel(publisher, "llama");
        _registerModel(otherPublisher, "other");
        VM.expectRevert(
            abi.encodeWithSelector(IModelRegistry.ModelRegistryNotModelPublisher.selector, modelId, otherPublisher)
        );
        VM.prank(otherPublisher);
        attest.updateModelMetadata(modelId, "x");
    }

    function test_updateModelMetadata_revertsForThePublishersOwnAnchorerKey() public {
        bytes32 modelId = _registerModel(publisher, "llama");
        _authorize(publisher, ANCHORER_PK, IModelRegistry.KeyRole.Anchorer);
        VM.expectRevert(
            abi.encodeWithSelector(IModelRegistry.ModelRegistryNotModelPublisher.selector, modelId, anchorer)
        );
        VM.prank(anchorer);
        attest.updateModelMetadata(modelId, "x");
    }

    function testFuzz_updateModelMetadata(string calldata uri) public {
        bytes32 modelId = _registerModel(publisher, "llama");
        VM.prank(publisher);
        attest.updateModelMetadata(modelId, uri);
        assertEq(attest.getModel(modelId).metadataURI, uri, "metadataURI");
    }

    // ---- retireModel ----

    function test_retireModel_setsRetiredAtToNow() public {
        bytes32 modelId = _registerModel(publisher, "llama");
        VM.warp(START + 1 days);
        VM.expectEmit(true, true, true, true, address(attest));
        emit IModelRegistry.ModelRetired(modelId, uint64(START + 1 days));
        VM.prank(publisher);
        attest.retireModel(modelId);
        assertEq(attest.getModel(modelId).retiredAt, START + 1 days, "retiredAt");
        assertEq(attest.getModel(modelId).registeredAt, START, "registeredAt unchanged");
    }

    function test_retireModel_revertsWhenAlreadyRetired() public {
        bytes32 modelId = _registerModel(publisher, "llama");
        VM.prank(publisher);
        attest.retireModel(modelId);
        VM.warp(START + 5);
        VM.expectRevert(
            abi.encodeWithSelector(IModelRegistry.ModelRegistryModelRetired.selector, modelId, uint64(START))
        );
        VM.prank(publisher);
        attest.retireModel(modelId);
    }

    function test_retireModel_revertsOnUnknownModel() public {
        bytes32 modelId = keccak256("unknown");
        VM.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryUnknownModel.selector, modelId));
        VM.prank(publisher);
        attest.retireModel(modelId);
    }

    function test_retireModel_revertsForAnotherPublisher() public {
        bytes32 modelId = _registerModel(publisher, "llama");
        VM.expectRevert(
            abi.encodeWithSelector(IModelRegistry.ModelRegistryNotModelPublisher.selector, modelId, stranger)
        );
        VM.prank(stranger);
        attest.retireModel(modelId);
        _registerModel(otherPublisher, "other");
        VM.expectRevert(
            abi.encodeWithSelector(IModelRegistry.ModelRegistryNotModelPublisher.selector, modelId, otherPublisher)
        );
        VM.prank(otherPublisher);
        attest.retireModel(modelId);
        assertEq(attest.getModel(modelId).retiredAt, 0, "still active");
    }

    // ---- getModel ----

    function test_getModel_revertsOnUnknownModel() public {
        bytes32 modelId = keccak256("unknown");
        VM.expectRevert(abi.encodeWithSelector(IModelRegistry.ModelRegistryUnknownModel.selector, modelId));
        attest.getModel(modelId);
    }
}
